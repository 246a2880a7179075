import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ACTIVITY_EVENTS, RawEventBatch } from '../event-stream/redis-stream.server';
import { ActivityRecorder } from './activity-recorder';

@Controller()
export class ActivityController {
  constructor(private readonly recorder: ActivityRecorder) {}

  /** The activity consumer group's transport acknowledges the batch once this resolves. */
  @EventPattern(ACTIVITY_EVENTS)
  async recordBatch(@Payload() batch: RawEventBatch): Promise<void> {
    await this.recorder.record(batch.json);
  }
}
