import { InitialSchema1795425889926 } from './1795425889926-initial-schema';
import { AccountsAccess1795428519317 } from './1795428519317-accounts-access';
import { AlaudaHookIds1795429790886 } from './1795429790886-alauda-hook-ids';
import { DeliveryLog1795430979298 } from './1795430979298-delivery-log';
import { DeliveryLogJson1795436000000 } from './1795436000000-delivery-log-json';
import { DeliveryEvents1795440000000 } from './1795440000000-delivery-events';
import { AccessState1795450000000 } from './1795450000000-access-state';
import { BootstrapToken1795451000000 } from './1795451000000-bootstrap-token';
import { SubscriptionOptions1795460000000 } from './1795460000000-subscription-options';
import { DeliveryRecoveries1795470000000 } from './1795470000000-delivery-recoveries';
import { NamespaceAccess1795470500000 } from './1795470500000-namespace-access';
import { EventLog1795471000000 } from './1795471000000-event-log';
import { RepositoryObjects1795472000000 } from './1795472000000-repository-objects';
import { TokenOriginExpiry1795473000000 } from './1795473000000-token-origin-expiry';
import { ListingIndexes1795480000000 } from './1795480000000-listing-indexes';
import { DeliveryOneRow1795490000000 } from './1795490000000-delivery-one-row';
import { ListingIndexesDtrSurface1795500000000 } from './1795500000000-listing-indexes-dtr-surface';
import { NamespaceDeletions1795510000000 } from './1795510000000-namespace-deletions';
import { RepositoryDeletions1795520000000 } from './1795520000000-repository-deletions';
import { SubscriptionsAuthorActive1795540000000 } from './1795540000000-subscriptions-author-active';
import { DeliveriesOneListingIndex1795550000000 } from './1795550000000-deliveries-one-listing-index';
import { DeliveryRequestBodies1795560000000 } from './1795560000000-delivery-request-bodies';

/** Every migration, in order; listed explicitly so they run the same from source and from a build. */
export const MIGRATIONS = [
  InitialSchema1795425889926,
  AccountsAccess1795428519317,
  AlaudaHookIds1795429790886,
  DeliveryLog1795430979298,
  DeliveryLogJson1795436000000,
  DeliveryEvents1795440000000,
  AccessState1795450000000,
  BootstrapToken1795451000000,
  SubscriptionOptions1795460000000,
  DeliveryRecoveries1795470000000,
  NamespaceAccess1795470500000,
  EventLog1795471000000,
  RepositoryObjects1795472000000,
  TokenOriginExpiry1795473000000,
  ListingIndexes1795480000000,
  DeliveryOneRow1795490000000,
  ListingIndexesDtrSurface1795500000000,
  NamespaceDeletions1795510000000,
  RepositoryDeletions1795520000000,
  SubscriptionsAuthorActive1795540000000,
  DeliveriesOneListingIndex1795550000000,
  DeliveryRequestBodies1795560000000,
];
