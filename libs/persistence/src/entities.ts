import { NamespaceAccess } from './access/namespace-access.entity';
import { RepositoryAccess } from './access/repository-access.entity';
import { Account } from './account/account.entity';
import { OrganizationMember } from './account/organization-member.entity';
import { TeamMember } from './account/team-member.entity';
import { Team } from './account/team.entity';
import { ApiToken } from './api-token/api-token.entity';
import { DeliveryAttempt } from './delivery/delivery-attempt.entity';
import { Delivery } from './delivery/delivery.entity';
import { DeliveryRequestBody } from './delivery/delivery-request-body.entity';
import { DeliveryRecoveryItem } from './delivery-recovery/delivery-recovery-item.entity';
import { DeliveryRecovery } from './delivery-recovery/delivery-recovery.entity';
import { EventLogEntry } from './event-log/event-log-entry.entity';
import { NamespaceDeletion } from './event-log/namespace-deletion.entity';
import { RepositoryDeletion } from './event-log/repository-deletion.entity';
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
  NamespaceAccess,
  Delivery,
  DeliveryAttempt,
  DeliveryRequestBody,
  DeliveryRecovery,
  DeliveryRecoveryItem,
  EventLogEntry,
  NamespaceDeletion,
  RepositoryDeletion,
];
