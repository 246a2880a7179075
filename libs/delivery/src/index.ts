export { AddressPolicy } from './address-guard/address-policy';
export * from './client/create-delivery-client';
export {
  DeliveryError,
  type DeliveryClient,
  type DeliveryRequest,
  type DeliveryResponse,
} from './client/delivery-client';
export * from './prepare-delivery';
export * from './render/alauda-events';
export * from './render/quay-events';
export { shouldDeliver, TEST_EVENT_SOURCE } from './render/should-deliver';
export * from './signing/signing-secret';
export * from './webhook-id';
