import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CANONICAL_EVENTS, CanonicalEventBatch } from '../event-stream/redis-stream.server';
import { DispatchService } from './dispatch.service';

@Controller()
export class DispatchController {
  constructor(private readonly dispatch: DispatchService) {}

  /** The stream transport acknowledges the batch once this resolves. */
  @EventPattern(CANONICAL_EVENTS)
  async dispatchBatch(@Payload() batch: CanonicalEventBatch): Promise<void> {
    await this.dispatch.dispatch(batch.events, batch.version, batch.streamIds);
  }
}
