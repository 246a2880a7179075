import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsZonedTimestamp } from '@hookyard/http';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../paging/page-query';

export class CreateApiTokenDto {
  @ApiPropertyOptional({ example: 'ci pipeline' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  tokenLabel?: string;

  @ApiPropertyOptional({
    example: '2027-01-01T00:00:00Z',
    description:
      'when the token stops authenticating (ISO-8601 with a time zone, in the future); unset: never',
  })
  @IsOptional()
  @IsZonedTimestamp('expiresAt')
  expiresAt?: string;
}

export class ListApiTokensQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'whose tokens (default: yours; other users need a system admin)' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  username?: string;
}

export class UpdateApiTokenDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  tokenLabel?: string;

  @ApiPropertyOptional({ description: 'false disables the token without deleting it' })
  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}

export class ApiTokenResponse {
  @ApiProperty({ description: 'SHA-256 of the token: its id in the API' }) hashedToken: string;
  @ApiProperty() tokenLabel: string;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ description: 'the user the token acts as' }) username: string;
  @ApiProperty() creationTime: string;
  @ApiProperty({ description: 'DTR zero time until first use' }) lastUsed: string;
  @ApiProperty({
    description: 'who made it: the user who asked for it (the owner, or a system admin), or ADMIN_TOKEN',
  })
  generatedBy: string;
  @ApiProperty({ nullable: true, type: String, description: 'when it stops authenticating; null: never' })
  expiresAt: string | null;
}

export class NewApiTokenResponse extends ApiTokenResponse {
  @ApiProperty({ description: 'the token itself, shown only in this response' }) token: string;
}
