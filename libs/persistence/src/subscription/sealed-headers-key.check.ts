import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { encryptionKeyId } from '@hookyard/delivery';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { SealedHeadersCount, SubscriptionRepository } from './subscription.repository';

/**
 * Refuses to start an app that seals or opens static headers (gateway, worker) when subscriptions
 * have headers its SECRETS_ENCRYPTION_KEY cannot open: none set, or another key. Installs whose
 * subscriptions have no headers start without a key.
 */
@Injectable()
export class SealedHeadersKeyCheck implements OnModuleInit {
  constructor(
    @Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig,
    private readonly subscriptions: SubscriptionRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const stored = await this.subscriptions.countSealedHeadersByKeyId();
    const problem = sealedHeadersProblem(stored, this.config.secrets.encryptionKey);
    if (problem) throw new Error(problem);
  }
}

/** Why `key` cannot open the static headers stored (sealed under each key id), or undefined. */
export function sealedHeadersProblem(
  stored: SealedHeadersCount[],
  key: Buffer | undefined,
): string | undefined {
  const total = stored.reduce((sum, row) => sum + row.subscriptions, 0);
  if (total === 0) return undefined;
  if (!key) {
    return `SECRETS_ENCRYPTION_KEY is not set, but ${total} subscription(s) have static headers sealed with it: set the key they were sealed with`;
  }
  const keyId = encryptionKeyId(key);
  const others = stored.filter((row) => row.keyId !== keyId);
  if (others.length === 0) return undefined;
  const count = others.reduce((sum, row) => sum + row.subscriptions, 0);
  return `${count} subscription(s) have static headers sealed under another SECRETS_ENCRYPTION_KEY (key id ${others
    .map((row) => row.keyId)
    .join(', ')}; this one is ${keyId}): set the key they were sealed with`;
}
