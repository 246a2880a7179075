import type { AlaudaApiFields } from './alauda';
import type { DtrApiFields } from './dtr';
import type { QuayApiFields } from './quay';

/** The fields each subscription API keeps of its own in a subscription (Subscription.apiFields). */
export interface ApiFieldsByApi {
  dtr: DtrApiFields;
  quay: QuayApiFields;
  alauda: AlaudaApiFields;
}

/** Which subscription API created a subscription; it is listed (in its shape) only by that API. */
export type SubscriptionApi = keyof ApiFieldsByApi;

/** A subscription's API with that API's fields: checking `api` tells what `apiFields` holds. */
export type ApiSpecificFields = {
  [A in SubscriptionApi]: { api: A; apiFields: ApiFieldsByApi[A] };
}[SubscriptionApi];
