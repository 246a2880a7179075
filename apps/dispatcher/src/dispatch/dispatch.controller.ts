import type { CanonicalEvent } from '@hookyard/events';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CANONICAL_EVENTS } from '../event-stream/redis-stream.server';
import { DispatchService } from './dispatch.service';

@Controller()
export class DispatchController {
  constructor(private readonly dispatch: DispatchService) {}

  /** The stream transport acknowledges the batch once this resolves. */
  @EventPattern(CANONICAL_EVENTS)
  async dispatchBatch(@Payload() events: CanonicalEvent[]): Promise<void> {
    await this.dispatch.dispatch(events);
  }
}
