import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface ProducerRequest {
  headers: IncomingHttpHeaders;
  /** The producer the bearer token belongs to; becomes the event `source`. */
  producer?: string;
}

/** Producers authenticate with `Authorization: Bearer <token>` (INGEST_TOKEN / INGEST_TOKENS). */
@Injectable()
export class IngestTokenGuard implements CanActivate {
  private readonly tokens: Array<[Buffer, string]>;

  constructor(@Inject(HOOKYARD_CONFIG) config: HookyardConfig) {
    this.tokens = [...config.ingest.tokens].map(([token, name]) => [Buffer.from(token), name]);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<ProducerRequest>();
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) throw new UnauthorizedException('missing Authorization: Bearer <ingest token>');
    const presented = Buffer.from(match[1]);
    const producer = this.tokens.find(
      ([token]) => token.length === presented.length && timingSafeEqual(token, presented),
    )?.[1];
    if (!producer) throw new UnauthorizedException('invalid ingest token');
    request.producer = producer;
    return true;
  }
}
