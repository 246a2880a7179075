import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { createRedis, RedisClient } from '@hookyard/queue';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';

/** The console's session cookie: httpOnly, SameSite=Strict, holding a random session id. */
export const SESSION_COOKIE = 'hookyard_session';

export interface NewSession {
  id: string;
  expiresAt: Date;
}

/**
 * Console sign-ins, kept in Redis under the install's prefix: a session id (the cookie) maps to
 * the hash of the API token it was opened with, so revoking the token or deactivating its user
 * ends the session too. Keys hold the id's SHA-256, so a Redis dump holds no usable session. The
 * client comes from createRedis, so sessions follow REDIS_CLUSTER_NODES like every other key.
 */
@Injectable()
export class ConsoleSessions implements OnModuleDestroy {
  private readonly redis: RedisClient;
  private readonly ttlSeconds: number;

  constructor(@Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig) {
    this.redis = createRedis(config.redis, { maxRetriesPerRequest: 1 });
    this.ttlSeconds = Math.max(1, Math.round(config.console.sessionTtlMs / 1000));
  }

  /**
   * A session for the token of `tokenHash`, for CONSOLE_SESSION_TTL or until the token expires
   * (`tokenExpiresAt`), whichever comes first.
   */
  async open(tokenHash: string, tokenExpiresAt: Date | null = null): Promise<NewSession> {
    const id = randomBytes(32).toString('base64url');
    const now = Date.now();
    const untilToken =
      tokenExpiresAt === null ? Infinity : Math.ceil((tokenExpiresAt.getTime() - now) / 1000);
    const ttlSeconds = Math.max(1, Math.min(this.ttlSeconds, untilToken));
    await this.redis.set(this.key(id), tokenHash, 'EX', ttlSeconds);
    return { id, expiresAt: new Date(now + ttlSeconds * 1000) };
  }

  /** The token hash of a live session; null once it expired or was closed. */
  tokenHashOf(id: string): Promise<string | null> {
    return this.redis.get(this.key(id));
  }

  async close(id: string): Promise<void> {
    await this.redis.del(this.key(id));
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }

  private key(id: string): string {
    return `${this.config.redis.prefix}:console-sessions:${createHash('sha256').update(id).digest('hex')}`;
  }
}
