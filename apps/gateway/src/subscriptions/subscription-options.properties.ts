import { MASKED_HEADER_VALUE, STATIC_HEADERS_MAX_COUNT } from '@hookyard/delivery';
import type { ApiPropertyOptions } from '@nestjs/swagger';

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
