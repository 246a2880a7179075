import type { RedisClient } from '../redis-connection';

/** A field of one consumer group in an XINFO GROUPS reply, whose entries are flat [field, value, ...] lists. */
export function streamGroupField(group: unknown[], name: string): unknown {
  const index = group.indexOf(name);
  return index >= 0 ? group[index + 1] : undefined;
}

/** The stream's consumer groups (XINFO GROUPS), each a flat list read by streamGroupField. */
export async function streamGroups(redis: RedisClient, streamKey: string): Promise<unknown[][]> {
  return ((await redis.xinfo('GROUPS', streamKey)) as unknown[][]) ?? [];
}
