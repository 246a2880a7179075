import { IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { EVENT_TYPES, type EventType } from '../event-types';
import { IsIntegerInRange, IsNonEmptyString, IsTimestamp } from './field-validators';

/**
 * What an operational event is about: one webhook of any API, by its id in the DTR API
 * (`/api/v0/webhooks/{webhookID}`, its delivery log), and what it points at.
 */
export abstract class OperationalContents {
  @IsNonEmptyString()
  webhookID: string;

  /** The API that made the webhook. */
  @IsIn(['dtr', 'quay', 'alauda'])
  api: 'dtr' | 'quay' | 'alauda';

  /** Absent for a webhook to every namespace (system admins'). */
  @IsOptional()
  @IsNonEmptyString()
  namespace?: string;

  /** Absent for a webhook to a whole namespace. */
  @IsOptional()
  @IsNonEmptyString()
  repository?: string;
}

/** Why a webhook was turned off: DELIVERY_DISABLE_AFTER_FAILURES deliveries failed in a row, or a 410 Gone. */
export const WEBHOOK_DISABLED_REASONS = ['failed-deliveries', 'endpoint-gone'] as const;

export class WebhookDisabledContents extends OperationalContents {
  @IsIn(WEBHOOK_DISABLED_REASONS)
  reason: (typeof WEBHOOK_DISABLED_REASONS)[number];

  /** Failed deliveries in a row that turned it off (`failed-deliveries`). */
  @IsOptional()
  @IsIntegerInRange(1)
  consecutiveFailures?: number;

  @IsTimestamp()
  disabledAt: string;
}

/** One delivery of the webhook, as its delivery log shows it (`.../deliveries/{deliveryID}`). */
export abstract class DeliveryFailureContents extends OperationalContents {
  @IsUUID()
  deliveryID: string;

  /** The event delivered and its type. */
  @IsNonEmptyString()
  eventID: string;

  @IsIn(EVENT_TYPES)
  eventType: EventType;

  /** The `webhook-id` header of the delivery. */
  @IsNonEmptyString()
  webhookMessageID: string;

  /** Attempts made so far. */
  @IsIntegerInRange(1)
  attempts: number;

  /** The last attempt's HTTP status; absent when no answer came (timeout, connection error, unsent). */
  @IsOptional()
  @IsIntegerInRange(100, 599)
  lastResponseStatus?: number;

  /** Why the last attempt failed. */
  @IsString()
  error: string;

  @IsTimestamp()
  failedAt: string;
}

export class DeliveryExhaustedContents extends DeliveryFailureContents {}

export class DeliveryFailingContents extends DeliveryFailureContents {}
