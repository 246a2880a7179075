import type { Stack } from '@hookyard/testing';
import type { EndToEnd } from './end-to-end';
import type { Load } from './load';
import type { BenchPostgres } from './postgres-server';
import type { ReceiverProcess } from './receiver-client';

/** What every measurement works with: the running stack, its receiver and the load generator. */
export interface Bench {
  stack: Stack;
  /** The PostgreSQL server of the stack's database, the bench's own. */
  postgres: BenchPostgres;
  receiver: ReceiverProcess;
  load: Load;
  endToEnd: EndToEnd;
  /** A progress line on stderr, with the seconds since the bench started. */
  log(message: string): void;
}
