import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { AddressPolicy, DeliveryClient, GotDeliveryClient, UndiciDeliveryClient } from '@hookyard/delivery';
import type { Provider } from '@nestjs/common';

export const DELIVERY_CLIENT = Symbol('DELIVERY_CLIENT');

/** DELIVERY_CLIENT picks the transport; both refuse addresses outside DELIVERY_ALLOWED_CIDRS. */
export const deliveryClientProvider: Provider = {
  provide: DELIVERY_CLIENT,
  inject: [HOOKYARD_CONFIG],
  useFactory: (config: HookyardConfig): DeliveryClient => {
    const policy = new AddressPolicy(config.delivery.allowedCidrs);
    return config.delivery.client === 'got'
      ? new GotDeliveryClient(policy)
      : new UndiciDeliveryClient(policy);
  },
};
