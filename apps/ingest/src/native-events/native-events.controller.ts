import { RequireContentType } from '@hookyard/http';
import { BadRequestException, Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { EventStreamWriter } from '../event-stream/event-stream.writer';
import { ProducerAuthenticated, type ProducerRequest } from '../ingest-auth/producer-auth';
import { NativeEventsError, parseNativeEvents } from './native-event-parser';

/** Canonical events from scanners, mirroring/promotion jobs, build systems and the control plane. */
@Controller('events')
export class NativeEventsController {
  constructor(private readonly stream: EventStreamWriter) {}

  /** 202 once every event of the request is in the stream; a bad event rejects the whole request. */
  @Post()
  @HttpCode(202)
  @ProducerAuthenticated()
  @UseGuards(RequireContentType('application/json'))
  async receive(@Req() request: ProducerRequest, @Body() body: unknown) {
    let events;
    try {
      events = parseNativeEvents(body, request.producer);
    } catch (error) {
      if (error instanceof NativeEventsError) throw new BadRequestException(error.problems);
      throw error;
    }
    const emitted = await this.stream.append(events);
    return { accepted: events.length, emitted, ids: events.map((event) => event.id) };
  }
}
