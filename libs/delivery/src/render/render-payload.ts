import { oncePerEvent, type CanonicalEvent, type SubscriptionApi } from '@hookyard/events';
import type { AlaudaApiFields } from './alauda-events';
import { renderAlaudaPayload } from './alauda-payload';
import { renderDtrPayload } from './dtr-payload';
import type { QuayApiFields } from './quay-events';
import { renderQuayEventData } from './quay-payload';
import { renderSlackMessage } from './slack-payload';

/** What rendering needs of a subscription: the API whose payload shape it receives, and its own fields. */
export interface RenderTarget {
  api: SubscriptionApi;
  apiFields: Record<string, unknown>;
}

/** DTR bodies depend on the event alone. */
const renderDtrBody = oncePerEvent((event) => JSON.stringify(renderDtrPayload(event)));

/** The JSON body a subscription receives for an event, in its API's shape. */
export function renderPayload(target: RenderTarget, event: CanonicalEvent): string {
  switch (target.api) {
    case 'dtr':
      return renderDtrBody(event);
    case 'quay': {
      const fields = target.apiFields as unknown as QuayApiFields;
      return JSON.stringify(
        fields.method === 'slack' ? renderSlackMessage(fields, event) : renderQuayEventData(fields, event),
      );
    }
    case 'alauda':
      return JSON.stringify(renderAlaudaPayload(target.apiFields as unknown as AlaudaApiFields, event));
    default:
      throw new Error(`no payload renderer for ${target.api as string} subscriptions`);
  }
}
