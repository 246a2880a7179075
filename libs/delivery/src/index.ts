export { AddressPolicy } from './address-guard/address-policy';
export * from './client/create-delivery-client';
export {
  DeliveryError,
  RESPONSE_BODY_LIMIT,
  RESPONSE_HEADER_COUNT_LIMIT,
  type DeliveryClient,
  type DeliveryRequest,
  type DeliveryResponse,
} from './client/delivery-client';
export * from './prepare-delivery';
export { JsonTemplateError, parseJsonTemplate } from './render/json-template';
export { DEFAULT_QUAY_CONTEXT, type RenderTarget } from './render/render-payload';
export { shouldDeliver, TEST_EVENT_SOURCE } from './render/should-deliver';
export * from './signing/signing-secret';
export * from './webhook-id';
