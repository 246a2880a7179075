import { MASKED_HEADER_VALUE, STATIC_HEADERS_MAX_COUNT } from '@hookyard/delivery';
import { RATE_LIMIT_MAX, RATE_LIMIT_MIN } from '@hookyard/events';
import { ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import type { PresentedOptions } from './subscription-options.service';

/** The OpenAPI descriptions of the subscription options, shared by the APIs that offer them. */
export const TAG_PATTERN_DESCRIPTION =
  'Globs on the tag, separated by commas; a leading ! excludes (v*,!*-rc*). * any characters, ? one, [...] a class; at most 2 * per glob. ' +
  'Only events naming a matching tag are delivered: events naming no tag (a push by digest) are not.';

export const REPOSITORY_PATTERN_DESCRIPTION =
  'For subscriptions to a namespace (or to everything): globs on the repository within the namespace (team/*), or its full name ' +
  '(acme/*) for subscriptions to everything, separated by commas, ! excludes; * stays within a path segment, ** crosses them.';

export const PAYLOAD_FORMAT_DESCRIPTION =
  'cloudevents: a CloudEvents 1.0 event in structured mode (application/cloudevents+json; type com.hookyard.<type lowercased, _ as .>, source /<producer>/<namespace>/<repository>, data the DTR contents), signed like any payload';

export const HEADERS_PROPERTY: ApiPropertyOptions = {
  example: { Authorization: 'Bearer <token>' },
  description:
    `Static headers sent with every delivery (at most ${STATIC_HEADERS_MAX_COUNT}), stored encrypted and shown back as ${MASKED_HEADER_VALUE}; ` +
    `a value of ${MASKED_HEADER_VALUE} keeps the stored one, {} removes them. Refused: Host, Content-Type/-Length/-Encoding, ` +
    'Transfer-Encoding, Connection, Keep-Alive, Upgrade, TE, Trailer, Expect, User-Agent, webhook-*, ce-*, proxy-*. Needs SECRETS_ENCRYPTION_KEY.',
};

export const ORDERED_DESCRIPTION =
  'true: deliveries reach the endpoint one at a time, in the order of the events; while one is being retried the later ones wait ' +
  '(until it succeeds or its retries are used up, then the next goes). false removes it.';

export const RATE_LIMIT_PROPERTY: ApiPropertyOptions = {
  type: 'integer',
  minimum: 0,
  maximum: RATE_LIMIT_MAX,
  example: 20,
  description:
    `At most this many deliveries start per second (${RATE_LIMIT_MIN} to ${RATE_LIMIT_MAX}), across all workers; deliveries over ` +
    'it wait (they are not failed and use no attempt). 0 removes it.',
};

/** The options of a subscription as answers show them: each only when set. */
export class PresentedOptionsResponse implements PresentedOptions {
  @ApiPropertyOptional({ description: `Only when set. ${TAG_PATTERN_DESCRIPTION}` }) tagPattern?: string;
  @ApiPropertyOptional({ description: `Only when set. ${REPOSITORY_PATTERN_DESCRIPTION}` })
  repositoryPattern?: string;
  @ApiPropertyOptional({ enum: ['cloudevents'], description: "Only when not the API's own" })
  payloadFormat?: string;
  @ApiPropertyOptional({
    example: { Authorization: MASKED_HEADER_VALUE },
    description: 'Only when set: the static header names, their values masked',
  })
  headers?: Record<string, string>;
  @ApiPropertyOptional({ enum: [true], description: `Only when set. ${ORDERED_DESCRIPTION}` })
  ordered?: true;
  @ApiPropertyOptional({
    ...RATE_LIMIT_PROPERTY,
    minimum: RATE_LIMIT_MIN,
    description: 'Only when set: deliveries per second',
  })
  rateLimit?: number;
}
