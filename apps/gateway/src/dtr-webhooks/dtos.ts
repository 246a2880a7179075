import { DTR_EVENT_TYPES, EventType } from '@hookyard/events';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import {
  MAX_CERTIFICATE_LENGTH,
  MAX_ENDPOINT_LENGTH,
  MAX_ID_LENGTH,
  MAX_NAME_LENGTH,
} from '../subscriptions/field-limits';
import { INACTIVE_REASON_PROPERTY } from '../subscriptions/inactive-reason.property';
import { IsPemCertificate } from '../subscriptions/pem-certificate.validator';
import type { DtrWebhook } from './dtr-webhook.presenter';

const typeProperty = { enum: DTR_EVENT_TYPES, example: 'TAG_PUSH' } as const;
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

export class CreateWebhookDto extends WebhookEndpointDto {
  @ApiProperty(typeProperty)
  @IsIn(DTR_EVENT_TYPES, typeRule)
  type: EventType;

  @ApiPropertyOptional({
    description:
      'namespace or namespace/repository (repository events), namespace (REPO_*), omitted for SCANNER_UPDATE_COMPLETED; omitted = everything (admins)',
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
}

/** DTR `forms.WebhookTestPayload`. */
export class TestWebhookDto extends WebhookEndpointDto {
  @ApiProperty(typeProperty)
  @IsIn(DTR_EVENT_TYPES, typeRule)
  type: EventType;
}

/** DTR `forms.WebhookUpdate`: only the fields given change (tlsCert "" removes the certificate). */
export class UpdateWebhookDto extends PartialType(WebhookEndpointDto) {
  @ApiProperty({ description: 'id of the webhook to change' })
  @IsString()
  @MaxLength(MAX_ID_LENGTH)
  webhookID: string;

  @ApiPropertyOptional({ description: 'true pauses deliveries; false re-enables the webhook' })
  @IsOptional()
  @IsBoolean()
  inactive?: boolean;
}

export class WebhookResponse implements DtrWebhook {
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

export class WebhookSecretResponse {
  @ApiProperty() id: string;
  @ApiProperty() secret: string;
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
