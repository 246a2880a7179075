import { HOOKYARD_CONFIG, HookyardConfig, RateLimit } from '@hookyard/config';
import { HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { RedisThrottlerStorage } from './redis-throttler-storage';
import { HeaderTarget, tooManyRequests } from './too-many-requests';

/** The request an authentication attempt came with. */
export interface AuthAttempt {
  /** clientAddress() of the request. */
  client: string;
  /** The username Basic credentials name; Bearer and Token credentials name none. */
  username?: string;
  response: HeaderTarget;
}

const PER_USER = 'auth-failures-user';
const PER_CLIENT = 'auth-failures-ip';

/**
 * Failed authentications, counted per client address and per (client address, username) in Redis
 * (shared by the gateway replicas). Past THROTTLE_AUTH_FAILURES_PER_IP or _PER_USER within its
 * window, the client (or that username from that client) gets 429 with Retry-After until the window
 * has passed, whatever credentials it sends: a right guess while blocked is refused too. Other
 * clients, and other usernames from the same client below the per-client limit, are unaffected.
 */
@Injectable()
export class AuthFailureLimiter {
  private readonly logger = new Logger(AuthFailureLimiter.name);
  private readonly perUser: RateLimit;
  private readonly perClient: RateLimit;

  constructor(
    @Inject(HOOKYARD_CONFIG) config: HookyardConfig,
    private readonly storage: RedisThrottlerStorage,
  ) {
    this.perUser = config.throttle.authFailuresPerUser;
    this.perClient = config.throttle.authFailuresPerIp;
  }

  /** Throws 429 while the client, or the username from it, is blocked. */
  async assertAllowed(attempt: AuthAttempt): Promise<void> {
    const blockedMs = await this.failOpen(() => this.storage.blockedForMs(this.keys(attempt)), 0);
    if (blockedMs > 0) throw this.refusal(attempt, blockedMs);
  }

  /** Counts a failed attempt; returns the 429 to throw when it reached a limit, else null. */
  async recordFailure(attempt: AuthAttempt): Promise<HttpException | null> {
    const hits = await this.failOpen(
      () =>
        Promise.all(
          this.keys(attempt).map(({ key, throttlerName }) => {
            const { limit, windowMs } = throttlerName === PER_USER ? this.perUser : this.perClient;
            return this.storage.increment(key, windowMs, limit, windowMs, throttlerName);
          }),
        ),
      [],
    );
    const blockedSeconds = Math.max(
      0,
      ...hits.filter((hit) => hit.isBlocked).map((hit) => hit.timeToBlockExpire),
    );
    return blockedSeconds > 0 ? this.refusal(attempt, blockedSeconds * 1000) : null;
  }

  private keys({ client, username }: AuthAttempt) {
    const keys = [{ key: client, throttlerName: PER_CLIENT }];
    // Hashed: a username is whatever the client sent, of any length.
    if (username !== undefined) {
      const user = createHash('sha256').update(username).digest('base64url');
      keys.push({ key: `${client}:${user}`, throttlerName: PER_USER });
    }
    return keys;
  }

  private refusal(attempt: AuthAttempt, retryAfterMs: number): HttpException {
    return tooManyRequests(
      attempt.response,
      retryAfterMs,
      'too many failed authentications from this client',
    );
  }

  /**
   * Without Redis the limits cannot be counted: authentication goes on unlimited (tokens are
   * random 256-bit values, so guessing stays hopeless) rather than the whole API failing.
   */
  private async failOpen<T>(operation: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      this.logger.warn(`failed authentications not counted, Redis unavailable: ${(error as Error).message}`);
      return fallback;
    }
  }
}
