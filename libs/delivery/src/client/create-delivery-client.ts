import { AddressPolicy } from '../address-guard/address-policy';
import type { DeliveryClient } from './delivery-client';
import { GotDeliveryClient } from './got-delivery-client';
import { UndiciDeliveryClient } from './undici-delivery-client';

export interface DeliveryClientSettings {
  allowedCidrs: string[];
  client: 'undici' | 'got';
}

/** The configured transport (DELIVERY_CLIENT); both refuse addresses outside DELIVERY_ALLOWED_CIDRS. */
export function createDeliveryClient(settings: DeliveryClientSettings): DeliveryClient {
  const policy = new AddressPolicy(settings.allowedCidrs);
  return settings.client === 'got' ? new GotDeliveryClient(policy) : new UndiciDeliveryClient(policy);
}
