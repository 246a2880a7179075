/** Which subscription API created a subscription; it is listed (in its shape) only by that API. */
export type SubscriptionApi = 'dtr' | 'quay' | 'alauda';
