import { Module } from '@nestjs/common';
import { EventStreamModule } from '../event-stream/event-stream.module';
import { NativeEventsController } from './native-events.controller';

@Module({ imports: [EventStreamModule], controllers: [NativeEventsController] })
export class NativeEventsModule {}
