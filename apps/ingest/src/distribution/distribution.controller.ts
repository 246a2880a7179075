import { RequireContentType } from '@hookyard/http';
import { BadRequestException, Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ProducerAuthenticated, type ProducerRequest } from '../ingest-auth/producer-auth';
import { EnvelopeError } from './distribution-envelope';
import { DistributionService } from './distribution.service';

/** Distribution 2.x sends v1 envelopes, 3.x v2; both map alike (DistributionEvent). */
export const DISTRIBUTION_MEDIA_TYPES = [
  'application/vnd.docker.distribution.events.v1+json',
  'application/vnd.docker.distribution.events.v2+json',
];

@Controller('events/distribution')
export class DistributionController {
  constructor(private readonly distribution: DistributionService) {}

  /** 202 only once every event of the envelope is in the stream. */
  @Post()
  @HttpCode(202)
  @ProducerAuthenticated()
  @UseGuards(RequireContentType(...DISTRIBUTION_MEDIA_TYPES, 'application/json'))
  async receive(@Req() request: ProducerRequest, @Body() body: unknown) {
    try {
      return await this.distribution.ingest(body, request.producer);
    } catch (error) {
      if (error instanceof EnvelopeError) throw new BadRequestException(error.message);
      throw error;
    }
  }
}
