import type { Account, Team } from '@hookyard/persistence';
import { ApiProperty } from '@nestjs/swagger';

/** An account in DTR's (eNZi) `responses.Account` shape. */
export class AccountResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() fullName: string;
  @ApiProperty() isOrg: boolean;
  @ApiProperty() isAdmin: boolean;
  @ApiProperty() isActive: boolean;
}

export class TeamResponse {
  @ApiProperty() id: string;
  @ApiProperty() orgID: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
}

export class TeamMemberResponse {
  @ApiProperty({ type: AccountResponse }) member: AccountResponse;
}

/** A user's membership of an organization. */
export class OrgMemberResponse extends TeamMemberResponse {
  @ApiProperty({ description: 'organization owner' }) isAdmin: boolean;
}

export function presentAccount(account: Account): AccountResponse {
  return {
    id: account.id,
    name: account.name,
    fullName: account.fullName,
    isOrg: account.isOrg,
    isAdmin: account.isAdmin,
    isActive: account.isActive,
  };
}

export function presentTeam(team: Team): TeamResponse {
  return { id: team.id, orgID: team.orgId, name: team.name, description: team.description };
}
