import { Module } from '@nestjs/common';
import { EventStreamWriter } from './event-stream.writer';

@Module({ providers: [EventStreamWriter], exports: [EventStreamWriter] })
export class EventStreamModule {}
