import { STANDARD_WEBHOOKS_SECRET_PREFIX } from '@hookyard/delivery';
import { ALAUDA_SUBJECT_TYPES, AlaudaSubjectType } from '@hookyard/events';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import {
  MAX_ENDPOINT_LENGTH,
  MAX_EVENT_NAME_LENGTH,
  MAX_EVENTS,
  MAX_NAME_LENGTH,
  MAX_SECRET_LENGTH,
} from '../subscriptions/field-limits';
import { INACTIVE_REASON_PROPERTY } from '../subscriptions/inactive-reason.property';
import {
  HEADERS_PROPERTY,
  ORDERED_DESCRIPTION,
  PAYLOAD_FORMAT_DESCRIPTION,
  RATE_LIMIT_PROPERTY,
  TAG_PATTERN_DESCRIPTION,
} from '../subscriptions/subscription-options.properties';

const SUBJECT_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*\/[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const SUBJECT_MESSAGE = 'subject must be <namespace>/<name> (lowercase letters, digits, . _ -)';
/** signPayload reads `whsec_` secrets as base64; an Alauda secret is used as raw bytes, so it may not look like one. */
const RAW_SECRET_PATTERN = new RegExp(`^(?!${STANDARD_WEBHOOKS_SECRET_PREFIX})`);
const RAW_SECRET_MESSAGE = `secret must not start with ${STANDARD_WEBHOOKS_SECRET_PREFIX} (it is used as raw bytes)`;

/**
 * Hookyard's options in Alauda's snake_case; a hook's subject is one repository or job, so there
 * is no repository_pattern (given, it is refused). "" removes an option, `{}` the headers.
 */
class AlaudaHookOptionsDto {
  @ApiPropertyOptional({ example: 'v*,!*-rc*', description: TAG_PATTERN_DESCRIPTION })
  @IsOptional()
  @IsString()
  tag_pattern?: string;

  @ApiPropertyOptional({ description: 'Refused: an Alauda hook is of one repository or job' })
  @IsOptional()
  repository_pattern?: unknown;

  @ApiPropertyOptional({
    enum: ['alauda', 'cloudevents'],
    default: 'alauda',
    description: PAYLOAD_FORMAT_DESCRIPTION,
  })
  @IsOptional()
  @IsString()
  payload_format?: string;

  @ApiPropertyOptional(HEADERS_PROPERTY)
  @IsOptional()
  @IsObject({ message: 'headers must be an object of header names and values' })
  headers?: Record<string, string>;

  /** Checked by SubscriptionOptionsService, as in every API. */
  @ApiPropertyOptional({ type: Boolean, description: ORDERED_DESCRIPTION })
  @IsOptional()
  ordered?: boolean;

  @ApiPropertyOptional(RATE_LIMIT_PROPERTY)
  @IsOptional()
  rate_limit?: number;
}

/** Fields PUT /v1/hooks/{id} may change (Alauda API docs); every one is optional. */
export class UpdateAlaudaHookDto extends AlaudaHookOptionsDto {
  @ApiPropertyOptional({ example: ['build:complete'] })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_EVENTS)
  @IsString({ each: true })
  @MaxLength(MAX_EVENT_NAME_LENGTH, { each: true })
  events?: string[];

  @ApiPropertyOptional({
    example: '123456',
    description: 'signs every delivery (Standard Webhooks, raw bytes)',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_SECRET_LENGTH)
  @Matches(RAW_SECRET_PATTERN, { message: RAW_SECRET_MESSAGE })
  secret?: string;

  @ApiPropertyOptional({ example: 'http://example.com:8080/v1/builds' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_ENDPOINT_LENGTH)
  url?: string;

  @ApiPropertyOptional({ example: 'test hook' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NAME_LENGTH)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;
}

/** POST /v1/hooks (Alauda API docs), with Hookyard's options. */
export class CreateAlaudaHookDto extends AlaudaHookOptionsDto {
  @ApiProperty({ enum: ALAUDA_SUBJECT_TYPES })
  @IsIn(ALAUDA_SUBJECT_TYPES, { message: `subject_type must be one of ${ALAUDA_SUBJECT_TYPES.join(', ')}` })
  subject_type: AlaudaSubjectType;

  @ApiProperty({
    example: 'alaudauser/docker_images_test',
    description: 'namespace/repository, or namespace/job',
  })
  @IsString()
  @MaxLength(2 * MAX_NAME_LENGTH + 1)
  @Matches(SUBJECT_PATTERN, { message: SUBJECT_MESSAGE })
  subject: string;

  @ApiProperty({ example: ['build:complete'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_EVENTS)
  @IsString({ each: true })
  @MaxLength(MAX_EVENT_NAME_LENGTH, { each: true })
  events: string[];

  @ApiProperty({ example: '123456' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_SECRET_LENGTH)
  @Matches(RAW_SECRET_PATTERN, { message: RAW_SECRET_MESSAGE })
  secret: string;

  @ApiProperty({ example: 'http://example.com:8080/v1/builds' })
  @IsString()
  @MaxLength(MAX_ENDPOINT_LENGTH)
  url: string;

  @ApiProperty({ example: 'test hook' })
  @IsString()
  @MaxLength(MAX_NAME_LENGTH)
  name: string;
}

export class ListAlaudaHooksQuery {
  @IsOptional()
  @IsIn(ALAUDA_SUBJECT_TYPES, { message: `subject_type must be one of ${ALAUDA_SUBJECT_TYPES.join(', ')}` })
  subject_type?: AlaudaSubjectType;

  @IsOptional()
  @IsString()
  @MaxLength(2 * MAX_NAME_LENGTH + 1)
  subject?: string;
}

/** A hook as Alauda returns it (Alauda API docs). */
export class AlaudaHookResponse {
  @ApiProperty({ example: 4 }) id: number;
  @ApiProperty({ example: 'alaudauser/build_image_demo' }) subject: string;
  @ApiProperty({ enum: ALAUDA_SUBJECT_TYPES }) subject_type: string;
  @ApiProperty({ example: ['build:complete'] }) events: string[];
  @ApiProperty({ example: 'test hook' }) name: string;
  @ApiProperty({ example: '123456' }) secret: string;
  @ApiProperty({ example: 'http://example.com:8080/v1/builds' }) url: string;
  @ApiProperty() is_active: boolean;
  @ApiProperty(INACTIVE_REASON_PROPERTY) inactive_reason: string;
  @ApiProperty({ example: 'alaudauser' }) created_by: string;
  @ApiProperty({ example: '2015-08-27T09:53:43.563Z' }) created_at: string;
  @ApiProperty({ example: '2015-08-27T09:53:43.566Z' }) updated_at: string;
  @ApiPropertyOptional({ description: 'Only when set' }) tag_pattern?: string;
  @ApiPropertyOptional({ enum: ['cloudevents'], description: 'Only when not alauda' })
  payload_format?: string;
  @ApiPropertyOptional({
    example: { Authorization: '***' },
    description: 'Only when set: names, values masked',
  })
  headers?: Record<string, string>;
  @ApiPropertyOptional({ enum: [true], description: 'Only when set' }) ordered?: true;
  @ApiPropertyOptional({ type: 'integer', description: 'Only when set: deliveries per second' })
  rate_limit?: number;
}

/** POST /v1/hooks/{id}/secret/rotate: Alauda secrets are chosen by their users, so one may be given. */
export class RotateAlaudaHookSecretDto {
  @ApiPropertyOptional({
    example: '654321',
    description: 'The new secret (raw bytes); a random one when omitted',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @Matches(RAW_SECRET_PATTERN, { message: RAW_SECRET_MESSAGE })
  secret?: string;

  @ApiPropertyOptional({
    example: '24h',
    default: '24h',
    description: 'How long the current secret keeps signing beside the new one: 0s to 7d; 0s ends it at once',
  })
  @IsOptional()
  @IsString()
  expire_after?: string;
}

export class RotatedAlaudaHookSecretResponse {
  @ApiProperty({ example: '654321' }) secret: string;
  @ApiProperty({ description: 'Until then deliveries also carry a signature with the previous secret' })
  previous_secret_expires_at: string;
}
