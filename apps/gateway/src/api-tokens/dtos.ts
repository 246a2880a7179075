import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../paging/page-query';

export class CreateApiTokenDto {
  @ApiPropertyOptional({ example: 'ci pipeline' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  tokenLabel?: string;
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
}

export class NewApiTokenResponse extends ApiTokenResponse {
  @ApiProperty({ description: 'the token itself, shown only in this response' }) token: string;
}
