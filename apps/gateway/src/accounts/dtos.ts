import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** Account and team names are DTR namespaces: lowercase letters, digits and . _ - separators. */
export const NAME_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const NAME_MESSAGE = 'must be lowercase letters and digits, optionally separated by . _ or -';

export class CreateAccountDto {
  @ApiProperty({ example: 'alice' })
  @IsString()
  @MaxLength(255)
  @Matches(NAME_PATTERN, { message: `name ${NAME_MESSAGE}` })
  name: string;

  @ApiPropertyOptional({ description: 'true for an organization, false (default) for a user' })
  @IsOptional()
  @IsBoolean()
  isOrg?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  fullName?: string;

  @ApiPropertyOptional({ description: 'make the user a system admin (users only)' })
  @IsOptional()
  @IsBoolean()
  isAdmin?: boolean;
}

/** eNZi's account update: only the fields given change. */
export class UpdateAccountDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  fullName?: string;

  @ApiPropertyOptional({
    description:
      'false deactivates a user: its tokens stop working and the subscriptions it made are turned off (inactiveReason author-deactivated); true lets it sign in again but leaves those subscriptions off until an admin of what they point at turns them on',
  })
  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}

export class SetOrgMembershipDto {
  @ApiPropertyOptional({ description: 'make the member an owner of the organization' })
  @IsOptional()
  @IsBoolean()
  isAdmin?: boolean;
}

export class CreateTeamDto {
  @ApiProperty({ example: 'ci' })
  @IsString()
  @MaxLength(255)
  @Matches(NAME_PATTERN, { message: `name ${NAME_MESSAGE}` })
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;
}
