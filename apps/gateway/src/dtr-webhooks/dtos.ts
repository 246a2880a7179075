import { DTR_EVENT_TYPES, EventType } from '@hookyard/events';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';

export class CreateWebhookDto {
  @ApiProperty({ enum: DTR_EVENT_TYPES, example: 'TAG_PUSH' })
  @IsIn(DTR_EVENT_TYPES, { message: `type must be one of ${DTR_EVENT_TYPES.join(', ')}` })
  type: EventType;

  @ApiPropertyOptional({
    description: 'namespace or namespace/repository; omitted = everything (admins)',
    example: 'foo/bar',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/, {
    message: 'key must be a namespace or namespace/repository (lowercase letters, digits, . _ -)',
  })
  key?: string;

  @ApiProperty({ example: 'https://example.com/hook' })
  @IsString({ message: 'endpoint must be a URL' })
  endpoint: string;

  @ApiPropertyOptional({ description: 'PEM CA certificate trusted for the endpoint' })
  @IsOptional()
  @IsString()
  tlsCert?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  skipTLSVerification?: boolean;
}
