import { OrganizationMember, RepositoryAccess, Team, TeamMember } from './access';
import { Account } from './account/account.entity';
import { ApiToken } from './api-token/api-token.entity';
import { DeliveryAttempt } from './delivery/delivery-attempt.entity';
import { DeliveryEvent } from './delivery/delivery-event.entity';
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
  DeliveryEvent,
];
