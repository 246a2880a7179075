import { DTR_EVENT_TYPES, EventType, OPERATIONAL_EVENT_TYPES } from '@hookyard/events';
import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import {
  MAX_CERTIFICATE_LENGTH,
  MAX_ENDPOINT_LENGTH,
  MAX_ID_LENGTH,
  MAX_NAME_LENGTH,
} from '../subscriptions/field-limits';
import { INACTIVE_REASON_PROPERTY } from '../subscriptions/inactive-reason.property';
import { IsPemCertificate } from '../subscriptions/pem-certificate.validator';
import {
  HEADERS_PROPERTY,
  ORDERED_DESCRIPTION,
  PAYLOAD_FORMAT_DESCRIPTION,
  RATE_LIMIT_PROPERTY,
  PresentedOptionsResponse,
  REPOSITORY_PATTERN_DESCRIPTION,
  TAG_PATTERN_DESCRIPTION,
} from '../subscriptions/subscription-options.properties';
import { SecretResponse } from '../subscriptions/secret-rotation';
import type { DtrWebhook } from './dtr-webhook.presenter';

const typeProperty = {
  enum: DTR_EVENT_TYPES,
  example: 'TAG_PUSH',
  description:
    "DTR's webhook types, Harbor's project events, and Hookyard's operational events about the namespace's " +
    `webhooks (${OPERATIONAL_EVENT_TYPES.join(', ')}: namespace owners, key a namespace)`,
} as const;
const typeRule = { message: `type must be one of ${DTR_EVENT_TYPES.join(', ')}` };

/** Where and how a webhook's payloads are sent: shared by subscribing and by test sends. */
class WebhookEndpointDto {
  @ApiProperty({ example: 'https://example.com/hook' })
  @IsString({ message: 'endpoint must be a URL' })
  @MaxLength(MAX_ENDPOINT_LENGTH)
  endpoint: string;

  @ApiPropertyOptional({ description: 'PEM CA certificate trusted for the endpoint' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CERTIFICATE_LENGTH)
  @IsPemCertificate()
  tlsCert?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  skipTLSVerification?: boolean;
}

const KEY_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
const keyRule = {
  message: 'key must be a namespace or namespace/repository (lowercase letters, digits, . _ -)',
};

/** Hookyard's delivery options beyond DTR's fields; a DTR client sends none and sees none. */
class WebhookDeliveryOptionsDto extends WebhookEndpointDto {
  @ApiPropertyOptional({
    enum: ['dtr', 'cloudevents'],
    default: 'dtr',
    description: PAYLOAD_FORMAT_DESCRIPTION,
  })
  @IsOptional()
  @IsString()
  payloadFormat?: string;

  @ApiPropertyOptional(HEADERS_PROPERTY)
  @IsOptional()
  @IsObject({ message: 'headers must be an object of header names and values' })
  headers?: Record<string, string>;
}

/** Hookyard's filters beyond DTR's type and key. */
class WebhookFiltersDto {
  @ApiPropertyOptional({ example: 'v*,!*-rc*', description: TAG_PATTERN_DESCRIPTION })
  @IsOptional()
  @IsString()
  tagPattern?: string;

  @ApiPropertyOptional({ example: 'team/*', description: REPOSITORY_PATTERN_DESCRIPTION })
  @IsOptional()
  @IsString()
  repositoryPattern?: string;
}

/**
 * Hookyard's pacing of deliveries: their order and rate. Checked by SubscriptionOptionsService
 * (the rules of every API), so a wrong value is a 400 naming the field.
 */
class WebhookPacingDto {
  @ApiPropertyOptional({ type: Boolean, description: ORDERED_DESCRIPTION })
  @IsOptional()
  ordered?: boolean;

  @ApiPropertyOptional(RATE_LIMIT_PROPERTY)
  @IsOptional()
  rateLimit?: number;
}

export class CreateWebhookDto extends IntersectionType(
  WebhookDeliveryOptionsDto,
  WebhookFiltersDto,
  WebhookPacingDto,
) {
  @ApiProperty(typeProperty)
  @IsIn(DTR_EVENT_TYPES, typeRule)
  type: EventType;

  @ApiPropertyOptional({
    description:
      "namespace or namespace/repository (repository events), namespace (REPO_*, Harbor's project events, operational events), omitted for SCANNER_UPDATE_COMPLETED; omitted = everything (admins)",
    example: 'foo/bar',
  })
  @IsOptional()
  @IsString()
  // A namespace and a repository name.
  @MaxLength(2 * MAX_NAME_LENGTH + 1)
  @Matches(KEY_PATTERN, keyRule)
  key?: string;
}

export class WebhookTypesQuery {
  @ApiPropertyOptional({ description: 'the key a webhook would have; omitted = no key', example: 'foo/bar' })
  @IsOptional()
  @IsString()
  @MaxLength(2 * MAX_NAME_LENGTH + 1)
  @Matches(KEY_PATTERN, keyRule)
  key?: string;
}

export class WebhookTypeResponse {
  @ApiProperty({ enum: DTR_EVENT_TYPES }) type: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: ['repository', 'namespace', 'global'], description: 'what the key names' })
  scope: string;
  @ApiProperty({ enum: ['repository-admin', 'namespace-owner', 'system-admin'] }) access: string;
  @ApiProperty({ description: 'whether the caller may create a webhook of this type with this key' })
  allowed: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'why not, when not allowed' })
  reason: string | null;
  @ApiProperty({ description: 'its events may name a tag: tagPattern applies' }) namesTag: boolean;
  @ApiProperty({
    description: 'its events name a repository: repositoryPattern applies (on a namespace key)',
  })
  namesRepository: boolean;
}

/** DTR `forms.WebhookTestPayload`, with the payload format and headers a webhook would use. */
export class TestWebhookDto extends WebhookDeliveryOptionsDto {
  @ApiProperty(typeProperty)
  @IsIn(DTR_EVENT_TYPES, typeRule)
  type: EventType;
}

/**
 * DTR `forms.WebhookUpdate`: only the fields given change (tlsCert "" removes the certificate;
 * "" removes an option, `{}` the headers; null counts as not given, as in DTR).
 */
export class UpdateWebhookDto extends PartialType(
  IntersectionType(WebhookDeliveryOptionsDto, WebhookFiltersDto, WebhookPacingDto),
) {
  @ApiProperty({ description: 'id of the webhook to change' })
  @IsString()
  @MaxLength(MAX_ID_LENGTH)
  webhookID: string;

  @ApiPropertyOptional({ description: 'true pauses deliveries; false re-enables the webhook' })
  @IsOptional()
  @IsBoolean()
  inactive?: boolean;
}

export class WebhookResponse extends PresentedOptionsResponse implements DtrWebhook {
  @ApiProperty({ description: '64 hex characters' }) id: string;
  @ApiProperty({ enum: DTR_EVENT_TYPES }) type: string;
  @ApiProperty({ description: '"" when subscribed to everything' }) key: string;
  @ApiProperty() endpoint: string;
  @ApiProperty() authorID: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ example: '0001-01-01T00:00:00Z' }) lastSuccessfulAt: string;
  @ApiProperty() inactive: boolean;
  @ApiProperty(INACTIVE_REASON_PROPERTY) inactiveReason: string;
  @ApiProperty() tlsCert: string;
  @ApiProperty() skipTLSVerification: boolean;
}

export class CreatedWebhookResponse extends WebhookResponse {
  @ApiProperty({ description: 'Standard Webhooks signing secret of the deliveries' }) secret: string;
}

export class WebhookSecretResponse extends SecretResponse {}

export class RotateWebhookSecretDto {
  @ApiPropertyOptional({
    example: '24h',
    default: '24h',
    description:
      'How long the current secret keeps signing deliveries beside the new one: 0s to 7d (ms, s, m, h, d); 0s ends it at once',
  })
  @IsOptional()
  @IsString()
  expireAfter?: string;
}

export class RotatedWebhookSecretResponse {
  @ApiProperty({ description: 'The new signing secret; every delivery is signed with it from now on' })
  secret: string;
  @ApiProperty({
    description:
      'Until then deliveries also carry a signature with the previous secret (now when expireAfter is 0s)',
  })
  previousSecretExpiresAt: string;
}

export class TestWebhookResponse {
  @ApiProperty({ enum: DTR_EVENT_TYPES }) type: string;
  @ApiProperty() endpoint: string;
  @ApiProperty({ description: 'true when the receiver answered 2xx' }) delivered: boolean;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "the receiver's HTTP status; null without response",
  })
  statusCode: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'connection error or timeout, when no response came',
  })
  error: string | null;
  @ApiProperty() durationMs: number;
  @ApiProperty({ description: 'webhook-id header of the test delivery' }) webhookId: string;
  @ApiProperty({ description: 'the one-off secret the test delivery was signed with' }) secret: string;
}
