import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { createDeliveryClient, DeliveryClient } from '@hookyard/delivery';
import type { Provider } from '@nestjs/common';

export const DELIVERY_CLIENT = Symbol('DELIVERY_CLIENT');

export const deliveryClientProvider: Provider = {
  provide: DELIVERY_CLIENT,
  inject: [HOOKYARD_CONFIG],
  useFactory: (config: HookyardConfig): DeliveryClient => createDeliveryClient(config.delivery),
};
