import { EVENT_TYPES, EventType, SubscriptionApi } from '@hookyard/events';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../paging/page-query';
import { MAX_NAME_LENGTH } from '../subscriptions/field-limits';
import { INACTIVE_REASON_PROPERTY } from '../subscriptions/inactive-reason.property';
import { SecretResponse } from '../subscriptions/secret-rotation';
import { PresentedOptionsResponse } from '../subscriptions/subscription-options.properties';

export const SUBSCRIPTION_APIS: SubscriptionApi[] = ['dtr', 'quay', 'alauda'];
/** healthy: active, last delivery fine; failing: active with failures in a row; inactive: paused or disabled. */
export const SUBSCRIPTION_HEALTHS = ['healthy', 'failing', 'inactive'] as const;
export type SubscriptionHealth = (typeof SUBSCRIPTION_HEALTHS)[number];

/** The console's page: its list shows 50 subscriptions at a time. */
export const OVERVIEW_PAGE_SIZE = 50;

/** Newest first, OVERVIEW_PAGE_SIZE a page unless pageSize says otherwise. */
export class ListSubscriptionsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SUBSCRIPTION_APIS })
  @IsOptional()
  @IsIn(SUBSCRIPTION_APIS, { message: `api must be one of ${SUBSCRIPTION_APIS.join(', ')}` })
  api?: SubscriptionApi;

  @ApiPropertyOptional({ enum: EVENT_TYPES, description: 'subscriptions firing on this event type' })
  @IsOptional()
  @IsIn(EVENT_TYPES, { message: `type must be one of ${EVENT_TYPES.join(', ')}` })
  type?: EventType;

  @ApiPropertyOptional({
    description: 'namespace (every subscription in it) or namespace/repository',
    example: 'acme/api',
  })
  @IsOptional()
  @MaxLength(2 * MAX_NAME_LENGTH + 1)
  @Matches(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)?$/, {
    message: 'repository must be a namespace or namespace/repository',
  })
  repository?: string;

  @ApiPropertyOptional({ enum: SUBSCRIPTION_HEALTHS })
  @IsOptional()
  @IsIn(SUBSCRIPTION_HEALTHS, { message: `health must be one of ${SUBSCRIPTION_HEALTHS.join(', ')}` })
  health?: SubscriptionHealth;

  @ApiPropertyOptional({ description: 'text in the endpoint, key, name or title' })
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'q must be at most 200 characters' })
  q?: string;
}

/** How each API names a subscription, for links to its own routes. */
export class SubscriptionRef {
  @ApiPropertyOptional({ description: 'Quay notification uuid' }) uuid?: string;
  @ApiPropertyOptional({ description: 'Alauda hook id' }) hookId?: number;
}

export class SubscriptionSummaryResponse extends PresentedOptionsResponse {
  @ApiProperty({ description: '64 hex characters; the id of the delivery log routes' }) id: string;
  @ApiProperty({ enum: SUBSCRIPTION_APIS }) api: string;
  @ApiProperty({ description: "Alauda hook name or Quay title; '' for DTR" }) name: string;
  @ApiProperty({ enum: EVENT_TYPES, isArray: true }) eventTypes: string[];
  @ApiProperty({ description: "the API's own event names (Quay event, Alauda events, DTR type)" })
  apiEvents: string[];
  @ApiProperty({ description: "namespace or namespace/repository; '' for everything" }) key: string;
  @ApiProperty() endpoint: string;
  @ApiProperty({ description: 'Quay method (webhook, slack); webhook otherwise' }) method: string;
  @ApiProperty() authorID: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) lastSuccessfulAt: string | null;
  @ApiProperty() consecutiveFailures: number;
  @ApiProperty() inactive: boolean;
  @ApiProperty(INACTIVE_REASON_PROPERTY) inactiveReason: string;
  @ApiProperty({ enum: SUBSCRIPTION_HEALTHS }) health: string;
  @ApiProperty() tlsCert: string;
  @ApiProperty() skipTLSVerification: boolean;
  @ApiProperty({ type: SubscriptionRef }) ref: SubscriptionRef;
  @ApiPropertyOptional({
    description: 'Only while the secret a rotation replaced still signs deliveries: when it stops',
  })
  previousSecretExpiresAt?: string;
}

export class SubscriptionTestResponse {
  @ApiProperty({ enum: EVENT_TYPES }) eventType: string;
  @ApiProperty({ description: 'true when the receiver answered 2xx' }) delivered: boolean;
  @ApiProperty({ type: Number, nullable: true }) statusCode: number | null;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty() durationMs: number;
  @ApiProperty({ description: 'webhook-id header of the test delivery' }) webhookId: string;
}

export class SubscriptionSecretResponse extends SecretResponse {}
