import { DISTRIBUTION_3_FIXTURES_DIR, DISTRIBUTION_FIXTURES_DIR, readFixture } from '@hookyard/testing';
import { readFileSync } from 'node:fs';
import { EnvelopeError, parseDistributionEnvelope } from './distribution-envelope';

const [push] = JSON.parse(readFileSync(`${DISTRIBUTION_FIXTURES_DIR}/envelope-2.json`, 'utf8')).body.events;

function problemOf(change: Record<string, unknown>): string {
  try {
    parseDistributionEnvelope({ events: [push, { ...push, ...change }] });
  } catch (error) {
    if (error instanceof EnvelopeError) return error.message;
    throw error;
  }
  return 'accepted';
}

const target = (fields: Record<string, unknown>) => ({ target: { ...push.target, ...fields } });

describe('parseDistributionEnvelope', () => {
  it('accepts every 2.8.2 capture', () => {
    for (let n = 0; n < 9; n++) {
      const { body } = JSON.parse(readFileSync(`${DISTRIBUTION_FIXTURES_DIR}/envelope-${n}.json`, 'utf8'));
      expect(parseDistributionEnvelope(body)).toHaveLength(1);
    }
  });

  it.each([
    [
      'events[1].target.repository must be <namespace>/<repository>',
      target({ repository: 'acme/../../latest/meta-data' }),
    ],
    ['events[1].target.repository must be <namespace>/<repository>', target({ repository: 'api' })],
    ['events[1].target.repository must be', target({ repository: 'acme/API' })],
    ['events[1].target.digest must be <algorithm>:<hex>', target({ digest: 'sha256:../x' })],
    ['events[1].target.tag must be 1-128 characters', target({ tag: '../latest' })],
    ['events[1].target.tag must be a string', target({ tag: 7 })],
    ['events[1].id must be 1-200 printable characters', { id: 'a b' }],
    ['events[1].request.id must be', { request: { ...push.request, id: 'x'.repeat(201) } }],
    [
      'events[1].request.host must be host[:port]',
      { request: { ...push.request, host: 'evil.example.com/path' } },
    ],
    ['events[1].actor.name must be a string', { actor: { name: { first: 'a' } } }],
  ])('%s', (message, change) => {
    expect(problemOf(change)).toContain(message);
  });

  it('accepts every Distribution 3 envelope', () => {
    for (let n = 0; n < 8; n++) {
      const { body } = readFixture(DISTRIBUTION_3_FIXTURES_DIR, `envelope-${n}.json`);
      expect(parseDistributionEnvelope(body)).toHaveLength(1);
    }
  });

  it('checks target.references', () => {
    const reference = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: push.target.digest };
    expect(problemOf(target({ references: {} }))).toBe(
      'events[1].target.references must be an array of at most 1000 descriptors',
    );
    expect(problemOf(target({ references: [reference, { ...reference, digest: '../x' }] }))).toBe(
      'events[1].target.references[1].digest must be <algorithm>:<hex>, e.g. sha256:<64 hex digits>',
    );
    expect(problemOf(target({ references: [{ ...reference, platform: { os: 'linux' } }] }))).toBe(
      'events[1].target.references[0].platform must be {os, architecture, variant?} strings',
    );
    expect(
      problemOf(target({ references: [{ ...reference, platform: { os: 'linux', architecture: 'arm64' } }] })),
    ).toBe('accepted');
  });

  it('takes empty digests and tags as absent, and IP literal hosts', () => {
    expect(problemOf(target({ digest: '', tag: '' }))).toBe('accepted');
    expect(problemOf({ request: { ...push.request, host: '[::1]:5000' } })).toBe('accepted');
  });
});
