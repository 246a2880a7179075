import { EventStreamAppenderModule } from '@hookyard/queue';
import { Module } from '@nestjs/common';
import { EventStreamWriter } from './event-stream.writer';

@Module({
  imports: [EventStreamAppenderModule],
  providers: [EventStreamWriter],
  exports: [EventStreamWriter],
})
export class EventStreamModule {}
