import type { Stack } from '@hookyard/testing';
import type { EndToEnd } from './end-to-end';
import type { Load } from './load';
import type { ReceiverProcess } from './receiver-client';

/** What every measurement works with: the running stack, its receiver and the load generator. */
export interface Bench {
  stack: Stack;
  receiver: ReceiverProcess;
  load: Load;
  endToEnd: EndToEnd;
  /** A progress line on stderr, with the seconds since the bench started. */
  log(message: string): void;
}
