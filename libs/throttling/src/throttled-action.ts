import { applyDecorators, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { SkipThrottle, ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { clientAddress } from './client-address';
import { tooManyRequests } from './too-many-requests';

/** Actions limited per account (THROTTLE_TEST_SENDS, THROTTLE_REDELIVERIES). */
export const THROTTLED_ACTIONS = ['test-sends', 'redeliveries'] as const;
export type ThrottledActionName = (typeof THROTTLED_ACTIONS)[number];
const THROTTLED_ACTION = 'hookyard:throttled-action';

/**
 * @nestjs/throttler's guard, counting per authenticated account (the route's AuthenticatedGuard ran
 * first), or per client address without one, and answering 429 with a plain `Retry-After`.
 */
@Injectable()
export class ThrottledActionGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const account = request.account as { id?: string } | undefined;
    return account?.id ? `account:${account.id}` : `client:${clientAddress(request)}`;
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const action = this.reflector.get<ThrottledActionName>(THROTTLED_ACTION, context.getHandler());
    const response = context.switchToHttp().getResponse();
    throw tooManyRequests(
      response,
      detail.timeToBlockExpire * 1000,
      `too many ${action.replace('-', ' ')} by this account`,
    );
  }
}

/** Limits a route to its action's rate per account (and to no other action's). */
export function ThrottledAction(action: ThrottledActionName) {
  const others = THROTTLED_ACTIONS.filter((name) => name !== action);
  return applyDecorators(
    SetMetadata(THROTTLED_ACTION, action),
    SkipThrottle(Object.fromEntries(others.map((name) => [name, true]))),
    UseGuards(ThrottledActionGuard),
  );
}
