import { RequireContentType } from '@hookyard/http';
import { BadRequestException, Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ProducerAuthenticated, type ProducerRequest } from '../ingest-auth/producer-auth';
import { HarborPayloadError } from './harbor-payload';
import { HarborService } from './harbor.service';

/** Harbor webhook policies: Default (application/json) or CloudEvents (structured) payloads. */
@Controller('events/harbor')
export class HarborController {
  constructor(private readonly harbor: HarborService) {}

  /** 202 once the event's canonical events are in the stream. */
  @Post()
  @HttpCode(202)
  @ProducerAuthenticated()
  @UseGuards(RequireContentType('application/json', 'application/cloudevents+json'))
  async receive(@Req() request: ProducerRequest, @Body() body: unknown) {
    try {
      return await this.harbor.ingest(body, request.producer);
    } catch (error) {
      if (error instanceof HarborPayloadError) throw new BadRequestException(error.message);
      throw error;
    }
  }
}
