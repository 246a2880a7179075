import {
  oncePerEvent,
  type ApiSpecificFields,
  type CanonicalEvent,
  type QuayApiFields,
  type QuayDeliveryContext,
  type SubscriptionOptions,
} from '@hookyard/events';
import { renderAlaudaPayload } from './alauda-payload';
import { renderCloudEvent } from './cloudevents-payload';
import { renderDtrPayload } from './dtr-payload';
import { applyJsonTemplate, parseJsonTemplate } from './json-template';
import { renderQuayEventData, renderQuaySampleData } from './quay-payload';
import { TEST_EVENT_SOURCE } from './should-deliver';
import { renderSlackMessage } from './slack-payload';

/**
 * What rendering needs of a subscription: the API whose payload shape it receives, its own
 * fields, and the payload format it asked for instead (absent: the API's).
 */
export type RenderTarget = ApiSpecificFields & { options?: Pick<SubscriptionOptions, 'payloadFormat'> };

/** Quay's security notification worker starts at Critical; a repository's notifications may lower it. */
export const DEFAULT_QUAY_CONTEXT: QuayDeliveryContext = { scanThreshold: 'Critical' };

/** DTR bodies and CloudEvents depend on the event alone. */
const renderDtrBody = oncePerEvent((event) => JSON.stringify(renderDtrPayload(event)));
const renderCloudEventBody = oncePerEvent((event) => JSON.stringify(renderCloudEvent(event)));

/** Who caused the event, as Quay's messages name them: the pusher, or the caller of a test. */
function performer(event: CanonicalEvent): string | undefined {
  if (event.type !== 'TAG_PUSH' && event.source !== TEST_EVENT_SOURCE) return undefined;
  const { author } = event.contents as { author?: unknown };
  return typeof author === 'string' && author ? author : undefined;
}

function renderQuayBody(fields: QuayApiFields, event: CanonicalEvent, context: QuayDeliveryContext): unknown {
  const data =
    event.source === TEST_EVENT_SOURCE
      ? renderQuaySampleData(fields, event)
      : renderQuayEventData(fields, event, context);
  if (fields.method === 'slack') return renderSlackMessage(fields.event, data, performer(event));
  const { template } = fields.config;
  return typeof template === 'string' && template
    ? applyJsonTemplate(parseJsonTemplate(template), data)
    : data;
}

/** The JSON body a subscription receives for an event: a CloudEvent when asked for, else in its API's shape. */
export function renderPayload(
  target: RenderTarget,
  event: CanonicalEvent,
  quayContext: QuayDeliveryContext = DEFAULT_QUAY_CONTEXT,
): string {
  if (target.options?.payloadFormat === 'cloudevents') return renderCloudEventBody(event);
  switch (target.api) {
    case 'dtr':
      return renderDtrBody(event);
    case 'quay':
      return JSON.stringify(renderQuayBody(target.apiFields, event, quayContext));
    case 'alauda':
      return JSON.stringify(renderAlaudaPayload(target.apiFields, event));
    default:
      throw new Error(`no payload renderer for ${(target as RenderTarget).api} subscriptions`);
  }
}
