import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { encryptionKeyId } from '@hookyard/delivery';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Refuses to start an app that seals or opens static headers (gateway, worker) when subscriptions
 * have headers its SECRETS_ENCRYPTION_KEY cannot open: none set, or another key. Installs whose
 * subscriptions have no headers start without a key.
 */
@Injectable()
export class SealedHeadersKeyCheck implements OnModuleInit {
  constructor(
    @Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    const rows = (await this.dataSource.query(
      `SELECT split_part(options -> 'headers' ->> 'sealed', '.', 2) AS key_id, count(*)::int AS subscriptions
         FROM subscriptions WHERE options ? 'headers' GROUP BY 1`,
    )) as Array<{ key_id: string; subscriptions: number }>;
    const problem = sealedHeadersProblem(rows, this.config.secrets.encryptionKey);
    if (problem) throw new Error(problem);
  }
}

/** Why `key` cannot open the static headers stored (sealed under each key id), or undefined. */
export function sealedHeadersProblem(
  stored: Array<{ key_id: string; subscriptions: number }>,
  key: Buffer | undefined,
): string | undefined {
  const total = stored.reduce((sum, row) => sum + row.subscriptions, 0);
  if (total === 0) return undefined;
  if (!key) {
    return `SECRETS_ENCRYPTION_KEY is not set, but ${total} subscription(s) have static headers sealed with it: set the key they were sealed with`;
  }
  const keyId = encryptionKeyId(key);
  const others = stored.filter((row) => row.key_id !== keyId);
  if (others.length === 0) return undefined;
  const count = others.reduce((sum, row) => sum + row.subscriptions, 0);
  return `${count} subscription(s) have static headers sealed under another SECRETS_ENCRYPTION_KEY (key id ${others
    .map((row) => row.key_id)
    .join(', ')}; this one is ${keyId}): set the key they were sealed with`;
}
