import { INACTIVE_REASONS } from '@hookyard/persistence';
import type { ApiPropertyOptions } from '@nestjs/swagger';

/** The OpenAPI description of why a subscription is inactive, shared by the APIs that show it. */
export const INACTIVE_REASON_PROPERTY: ApiPropertyOptions = {
  enum: ['', ...INACTIVE_REASONS],
  description:
    '"" while active. paused: turned off through an API; failed-deliveries: DELIVERY_DISABLE_AFTER_FAILURES ' +
    "deliveries failed in a row; endpoint-gone: the endpoint answered 410; author-deactivated / author-deleted: its author's " +
    'account was deactivated or deleted (an admin of what it points at turns it on again); unknown: turned off before reasons were kept',
};
