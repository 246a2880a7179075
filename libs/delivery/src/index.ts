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
export {
  CLOUDEVENTS_CONTENT_TYPE,
  cloudEventType,
  type HookyardCloudEvent,
} from './render/cloudevents-payload';
export { JsonTemplateError, parseJsonTemplate } from './render/json-template';
export { DEFAULT_QUAY_CONTEXT, type RenderTarget } from './render/render-payload';
export { shouldDeliver, TEST_EVENT_SOURCE } from './render/should-deliver';
export * from './signing/signing-secret';
export * from './static-headers';
export * from './webhook-id';
