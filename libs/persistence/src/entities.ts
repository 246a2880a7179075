import { RepositoryAccess } from './access/repository-access.entity';
import { Account } from './account/account.entity';
import { OrganizationMember } from './account/organization-member.entity';
import { TeamMember } from './account/team-member.entity';
import { Team } from './account/team.entity';
import { ApiToken } from './api-token/api-token.entity';
import { DeliveryAttempt } from './delivery/delivery-attempt.entity';
import { Delivery } from './delivery/delivery.entity';
import { RegistryRepository } from './repository/registry-repository.entity';
import { Subscription } from './subscription/subscription.entity';

export const ENTITIES = [
  Account,
  ApiToken,
  Subscription,
  RegistryRepository,
  OrganizationMember,
  Team,
  TeamMember,
  RepositoryAccess,
  Delivery,
  DeliveryAttempt,
];
