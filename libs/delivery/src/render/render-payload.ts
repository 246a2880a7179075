import type { CanonicalEvent } from '@hookyard/events';
import type { SubscriptionApi } from '@hookyard/persistence';
import { renderDtrPayload } from './dtr-payload';

/** What rendering needs of a subscription: the API whose payload shape it receives, and its own fields. */
export interface RenderTarget {
  api: SubscriptionApi;
  apiFields: Record<string, unknown>;
}

/** The JSON body a subscription receives for an event, in its API's shape. */
export function renderPayload(target: RenderTarget, event: CanonicalEvent): string {
  switch (target.api) {
    case 'dtr':
      return JSON.stringify(renderDtrPayload(event));
    default:
      throw new Error(`no payload renderer for ${target.api} subscriptions`);
  }
}
