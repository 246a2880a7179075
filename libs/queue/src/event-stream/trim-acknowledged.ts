import { streamPosition } from '../pacing/ordered-sequences';
import type { RedisClient } from '../redis-connection';
import { streamGroupField, streamGroups } from './stream-group-field';

/**
 * Deletes the stream's entries that every consumer group has read and acknowledged; returns how
 * many went. Without it the stream keeps every event ever accepted. What is kept starts at the
 * lowest, over the groups, of the oldest pending entry or (with none pending) the last entry
 * delivered to the group. Both only move forward, so a bound read a moment ago is still safe
 * when XTRIM runs. `MINID ~` trims whole stream nodes only (a few more entries kept, bounded
 * work per call). A stream without groups is left whole: its first reader starts at its start.
 */
export async function trimAcknowledged(redis: RedisClient, streamKey: string): Promise<number> {
  const groups = await streamGroups(redis, streamKey);
  if (groups.length === 0) return 0;
  const summaries = redis.pipeline();
  for (const group of groups) summaries.xpending(streamKey, String(streamGroupField(group, 'name')));
  const replies = (await summaries.exec())!;
  let keepFrom: string | undefined;
  groups.forEach((group, i) => {
    const [error, summary] = replies[i];
    if (error) throw error;
    const [pending, oldestPending] = summary as [number, string | null];
    const from =
      pending > 0 && oldestPending ? oldestPending : String(streamGroupField(group, 'last-delivered-id'));
    if (keepFrom === undefined || streamPosition(from) < streamPosition(keepFrom)) keepFrom = from;
  });
  if (keepFrom === undefined || keepFrom === '0-0') return 0;
  return redis.xtrim(streamKey, 'MINID', '~', keepFrom);
}
