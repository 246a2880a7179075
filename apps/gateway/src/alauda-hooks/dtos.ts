import { STANDARD_WEBHOOKS_SECRET_PREFIX } from '@hookyard/delivery';
import { ALAUDA_SUBJECT_TYPES, AlaudaSubjectType } from '@hookyard/events';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
} from 'class-validator';
import { INACTIVE_REASON_PROPERTY } from '../subscriptions/inactive-reason.property';

const SUBJECT_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*\/[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const SUBJECT_MESSAGE = 'subject must be <namespace>/<name> (lowercase letters, digits, . _ -)';
/** signPayload reads `whsec_` secrets as base64; an Alauda secret is used as raw bytes, so it may not look like one. */
const RAW_SECRET_PATTERN = new RegExp(`^(?!${STANDARD_WEBHOOKS_SECRET_PREFIX})`);
const RAW_SECRET_MESSAGE = `secret must not start with ${STANDARD_WEBHOOKS_SECRET_PREFIX} (it is used as raw bytes)`;

/** Fields PUT /v1/hooks/{id} may change (Alauda API docs); every one is optional. */
export class UpdateAlaudaHookDto {
  @ApiPropertyOptional({ example: ['build:complete'] })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  events?: string[];

  @ApiPropertyOptional({
    example: '123456',
    description: 'signs every delivery (Standard Webhooks, raw bytes)',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @Matches(RAW_SECRET_PATTERN, { message: RAW_SECRET_MESSAGE })
  secret?: string;

  @ApiPropertyOptional({ example: 'http://example.com:8080/v1/builds' })
  @IsOptional()
  @IsString()
  url?: string;

  @ApiPropertyOptional({ example: 'test hook' })
  @IsOptional()
  @IsString()
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;
}

/** POST /v1/hooks (Alauda API docs). */
export class CreateAlaudaHookDto {
  @ApiProperty({ enum: ALAUDA_SUBJECT_TYPES })
  @IsIn(ALAUDA_SUBJECT_TYPES, { message: `subject_type must be one of ${ALAUDA_SUBJECT_TYPES.join(', ')}` })
  subject_type: AlaudaSubjectType;

  @ApiProperty({
    example: 'alaudauser/docker_images_test',
    description: 'namespace/repository, or namespace/job',
  })
  @Matches(SUBJECT_PATTERN, { message: SUBJECT_MESSAGE })
  subject: string;

  @ApiProperty({ example: ['build:complete'] })
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  events: string[];

  @ApiProperty({ example: '123456' })
  @IsString()
  @IsNotEmpty()
  @Matches(RAW_SECRET_PATTERN, { message: RAW_SECRET_MESSAGE })
  secret: string;

  @ApiProperty({ example: 'http://example.com:8080/v1/builds' })
  @IsString()
  url: string;

  @ApiProperty({ example: 'test hook' })
  @IsString()
  name: string;
}

export class ListAlaudaHooksQuery {
  @IsOptional()
  @IsIn(ALAUDA_SUBJECT_TYPES, { message: `subject_type must be one of ${ALAUDA_SUBJECT_TYPES.join(', ')}` })
  subject_type?: AlaudaSubjectType;

  @IsOptional()
  @IsString()
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
}
