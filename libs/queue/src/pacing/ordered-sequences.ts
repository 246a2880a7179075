import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import type { CanonicalEvent } from '@hookyard/events';
import { Inject, Injectable, Module, OnModuleDestroy } from '@nestjs/common';
import { OrderedDeliveriesAppendedMessage } from '../delivery-job';
import { ORDERED_DELIVERIES_APPENDED, orderedDueKey, orderedSequenceKeys } from '../names';
import { createRedis, RedisClient } from '../redis-connection';

/**
 * A place in the event stream that sorts as text: the entry id's milliseconds and sequence number,
 * zero-padded (`1732950000000-5` → `001732950000000-0000000005`).
 */
export function streamPosition(streamId: string): string {
  const [ms, seq = '0'] = streamId.split('-');
  return `${ms.padStart(15, '0')}-${seq.padStart(10, '0')}`;
}
const POSITION_LENGTH = 26;

/**
 * Every member of a sequence scores 0, so the sorted set orders its members as text: by their
 * stream position first. The same event read again (a dispatcher's crash) is the same member and
 * is not added twice while it waits, and a re-read event goes back to its place in the stream.
 * A subscription enters the due set at 0 (due now) unless there, so one waiting for a retry keeps
 * its time. The last two ARGV are a channel and a message published once the deliveries are in
 * (a worker woken by it finds them: it reads after the script ran).
 */
const APPEND_SCRIPT = `
for i = 2, #KEYS do
  redis.call('ZADD', KEYS[i], 0, ARGV[2 * i - 2])
  redis.call('ZADD', KEYS[1], 'NX', 0, ARGV[2 * i - 3])
end
redis.call('PUBLISH', ARGV[#ARGV - 1], ARGV[#ARGV])
return #KEYS - 1
`;

/**
 * The lease holder's step: removes the delivery done (ARGV[3], '' for none) and its attempts, and
 * answers the first delivery other than ARGV[4] (the one being sent, '' for none) with its
 * attempts made; {0} when there is none, and when the sequence is empty it leaves the due set in
 * the same step (so an append never finds it out of the set with members); nothing when the lease
 * is no longer the caller's.
 * KEYS: sequence, attempts, due, lease; ARGV: token, subscription id, member done, member skipped.
 */
const ADVANCE_SCRIPT = `
if redis.call('GET', KEYS[4]) ~= ARGV[1] then return nil end
if ARGV[3] ~= '' then
  redis.call('ZREM', KEYS[1], ARGV[3])
  redis.call('HDEL', KEYS[2], string.sub(ARGV[3], 1, ${POSITION_LENGTH}))
end
local lowest = redis.call('ZRANGE', KEYS[1], 0, 1)
local head = lowest[1]
if head and head == ARGV[4] then head = lowest[2] end
if not head then
  if not lowest[1] then redis.call('ZREM', KEYS[3], ARGV[2]) end
  return {0}
end
return {1, head, redis.call('HGET', KEYS[2], string.sub(head, 1, ${POSITION_LENGTH})) or '0'}
`;

/**
 * The lease holder puts the sequence off until ARGV[4] (ms), noting the head's attempts made
 * (ARGV[3], '' to leave them). KEYS: attempts, due, lease; ARGV: token, subscription id, position,
 * attempts, due at.
 */
const POSTPONE_SCRIPT = `
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return 0 end
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], ARGV[3], ARGV[4]) end
redis.call('ZADD', KEYS[2], 'XX', ARGV[5], ARGV[2])
return 1
`;

/** KEYS: lease; ARGV: token, lease ms. Renews (ARGV[2] > 0) or ends (ARGV[2] = 0) the caller's lease. */
const LEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '0' then redis.call('DEL', KEYS[1]) else redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1
`;

type Script = (numberOfKeys: number, ...keysAndArgs: Array<string | number>) => Promise<unknown>;

/** An ordered delivery to append: the event, its place in the stream, the subscription. */
export interface OrderedDelivery {
  event: CanonicalEvent;
  streamId: string;
  subscriptionId: string;
}

/** The first delivery of a sequence, as its lease holder sees it. */
export interface SequenceHead {
  /** The sequence's member: the stream position, a space, the event's JSON. */
  member: string;
  event: CanonicalEvent;
  /** Attempts already made of this delivery. */
  attemptsMade: number;
}

/** What advance answers: the next head, `empty`, or `lost` when the lease is another's now. */
export type Advanced = SequenceHead | 'empty' | 'lost';

/**
 * The deliveries of ordered subscriptions (`ordered: true`), one sequence per subscription in
 * Redis, all under the prefix's hash tag (one slot in a cluster). Dispatchers append; a worker
 * holding a subscription's lease sends its head, and either advances (delivered, or exhausted) or
 * postpones the whole sequence until the head's retry. A worker that dies loses its lease when it
 * expires; the sequence is still due and another worker takes it over from its head
 * (at-least-once: the head may be sent again).
 */
@Injectable()
export class OrderedSequences implements OnModuleDestroy {
  private readonly redis: RedisClient;
  private readonly prefix: string;
  private readonly dueKey: string;
  /** The ORDERED_DELIVERIES_APPENDED message, as @nestjs/microservices' Redis transport reads it. */
  private readonly appendedMessage: string;
  private readonly scripts: Record<'append' | 'advance' | 'postpone' | 'lease', Script>;

  constructor(@Inject(HOOKYARD_CONFIG) config: HookyardConfig) {
    this.redis = createRedis(config.redis, { maxRetriesPerRequest: 3 });
    this.redis.on('error', () => undefined);
    this.prefix = config.redis.prefix;
    this.dueKey = orderedDueKey(this.prefix);
    const data: OrderedDeliveriesAppendedMessage = { prefix: this.prefix };
    this.appendedMessage = JSON.stringify({ pattern: ORDERED_DELIVERIES_APPENDED, data });
    const sources = {
      append: APPEND_SCRIPT,
      advance: ADVANCE_SCRIPT,
      postpone: POSTPONE_SCRIPT,
      lease: LEASE_SCRIPT,
    };
    this.scripts = Object.fromEntries(
      Object.entries(sources).map(([name, lua]) => {
        this.redis.defineCommand(`ordered_${name}`, { lua });
        const command = (this.redis as unknown as Record<string, Script>)[`ordered_${name}`];
        return [name, command.bind(this.redis)];
      }),
    ) as OrderedSequences['scripts'];
  }

  /**
   * Appends deliveries to their subscriptions' sequences in one atomic step, and tells the workers
   * (ORDERED_DELIVERIES_APPENDED).
   */
  async append(deliveries: readonly OrderedDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    const keys = [this.dueKey];
    const args: string[] = [];
    for (const { event, streamId, subscriptionId } of deliveries) {
      keys.push(orderedSequenceKeys(this.prefix, subscriptionId).sequence);
      args.push(subscriptionId, `${streamPosition(streamId)} ${JSON.stringify(event)}`);
    }
    args.push(ORDERED_DELIVERIES_APPENDED, this.appendedMessage);
    await this.scripts.append(keys.length, ...keys, ...args);
  }

  /** Up to `limit` subscriptions whose sequences are due at `now` (ms), leased or not. */
  due(now: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.dueKey, '-inf', now, 'LIMIT', 0, limit);
  }

  /** When the earliest sequence is due (ms), due now or not; undefined when none waits. */
  async nextDueAt(): Promise<number | undefined> {
    const [, score] = await this.redis.zrange(this.dueKey, 0, 0, 'WITHSCORES');
    return score === undefined ? undefined : Number(score);
  }

  /** Takes the subscription's lease for `ms` under `token` when nobody holds it. */
  async lease(subscriptionId: string, token: string, ms: number): Promise<boolean> {
    const { lease } = orderedSequenceKeys(this.prefix, subscriptionId);
    return (await this.redis.set(lease, token, 'PX', ms, 'NX')) === 'OK';
  }

  /** Extends the caller's lease; false when it is no longer the caller's. */
  async renew(subscriptionId: string, token: string, ms: number): Promise<boolean> {
    const { lease } = orderedSequenceKeys(this.prefix, subscriptionId);
    return (await this.scripts.lease(1, lease, token, ms)) === 1;
  }

  async release(subscriptionId: string, token: string): Promise<void> {
    const { lease } = orderedSequenceKeys(this.prefix, subscriptionId);
    await this.scripts.lease(1, lease, token, 0);
  }

  /**
   * Removes `done` (a delivery finished), if given, and answers the first delivery of the sequence
   * other than `sending` (one being sent meanwhile), if given.
   */
  async advance(
    subscriptionId: string,
    token: string,
    done?: SequenceHead,
    sending?: SequenceHead,
  ): Promise<Advanced> {
    const { sequence, attempts, lease } = orderedSequenceKeys(this.prefix, subscriptionId);
    const reply = (await this.scripts.advance(
      4,
      sequence,
      attempts,
      this.dueKey,
      lease,
      token,
      subscriptionId,
      done?.member ?? '',
      sending?.member ?? '',
    )) as [number, string?, string?] | null;
    if (!reply) return 'lost';
    if (reply[0] === 0) return 'empty';
    const member = reply[1]!;
    return {
      member,
      event: JSON.parse(member.slice(POSITION_LENGTH + 1)) as CanonicalEvent,
      attemptsMade: Number(reply[2]),
    };
  }

  /**
   * Puts the sequence off until `dueAt` (ms), noting `attemptsMade` of its head when given (a
   * failed attempt; not for a delivery that waited without being sent). False when the lease is
   * no longer the caller's.
   */
  async postpone(
    subscriptionId: string,
    token: string,
    head: SequenceHead,
    dueAt: number,
    attemptsMade?: number,
  ): Promise<boolean> {
    const { attempts, lease } = orderedSequenceKeys(this.prefix, subscriptionId);
    const reply = await this.scripts.postpone(
      3,
      attempts,
      this.dueKey,
      lease,
      token,
      subscriptionId,
      head.member.slice(0, POSITION_LENGTH),
      attemptsMade ?? '',
      dueAt,
    );
    return reply === 1;
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}

@Module({ providers: [OrderedSequences], exports: [OrderedSequences] })
export class OrderedSequencesModule {}
