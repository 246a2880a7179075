import { validateContents, validateContentsWithClassValidator, type CanonicalEvent } from '@hookyard/events';
import { HARBOR_FIXTURES_DIR, readFixture } from '@hookyard/testing';
import { mapHarborEvent } from './harbor-mapper';
import { parseHarborPayload } from './harbor-payload';

type Format = 'default' | 'cloudevents';

const payload = (format: Format, name: string) => readFixture(HARBOR_FIXTURES_DIR, `${format}/${name}.json`);
const map = (format: Format, name: string) =>
  mapHarborEvent(parseHarborPayload(payload(format, name).body), 'harbor');
const summary = (events: CanonicalEvent[]) =>
  events.map((event) => [event.type, event.namespace, event.repository, event.contents.tag ?? '']);

const BUSYBOX = 'sha256:3c26c8e5e75a2132ce9abb95283e5c64be547749decb3106a6a1ed32fe64d43f';
const ROBOT = 'sha256:38002f9fe150aa1a9003ba411604ba345aa5763594df9ed5467eebc20b01dea2';
const SCANNED = 'sha256:cb19c6481ca0c65e240464b52d25c4082e7eef5d14f2be5660692adaa5241f35';
const NAMES = [
  'push-artifact',
  'push-artifact-robot',
  'delete-artifact',
  'scanning-completed',
  'scanning-failed',
  'scanning-stopped',
  'quota-exceed',
  'quota-warning',
  'replication-push-success',
  'replication-pull-error',
  'replication-running',
  'tag-retention',
];

describe.each<Format>(['default', 'cloudevents'])('mapHarborEvent with the %s fixtures', (format) => {
  it('sends the content type Harbor sends for the format', () => {
    for (const name of NAMES) {
      expect(payload(format, name).contentType).toBe(
        format === 'default' ? 'application/json' : 'application/cloudevents+json',
      );
    }
  });

  it('maps a push to TAG_PUSH and MANIFEST_PUSH, without os/architecture', () => {
    const events = map(format, 'push-artifact');
    expect(summary(events)).toEqual([
      ['TAG_PUSH', 'library', 'busybox', '1.36'],
      ['MANIFEST_PUSH', 'library', 'busybox', ''],
    ]);
    const common = {
      namespace: 'library',
      repository: 'busybox',
      digest: BUSYBOX,
      os: '',
      architecture: '',
      author: 'admin',
      pushedAt: '2024-11-24T09:50:00.000Z',
    };
    expect(events[0].contents).toEqual({
      ...common,
      tag: '1.36',
      imageName: 'harbor.example.com/library/busybox:1.36',
    });
    expect(events[1].contents).toEqual({
      ...common,
      imageName: `harbor.example.com/library/busybox@${BUSYBOX}`,
    });
    expect(events[0]).toMatchObject({ source: 'harbor', occurredAt: '2024-11-24T09:50:00.000Z' });
  });

  it('gives no TAG_PUSH for a "tag" that is the digest (a robot or proxy-cache push)', () => {
    const events = map(format, 'push-artifact-robot');
    expect(summary(events)).toEqual([['MANIFEST_PUSH', 'library', 'busybox', '']]);
    expect(events[0].contents).toMatchObject({
      digest: ROBOT,
      author: 'robot$library+ci',
      imageName: `harbor.example.com/library/busybox@${ROBOT}`,
    });
  });

  it("maps Harbor's own pull-by-digest example to MANIFEST_PULL only", () => {
    const events = map(format, 'pull-artifact');
    expect(summary(events)).toEqual([['MANIFEST_PULL', 'library', 'busybox', '']]);
    expect(events[0].contents).toMatchObject({
      imageName:
        'harbor.dev/library/busybox@sha256:dde8e930c7b6a490f728e66292bc9bce42efc9bbb5278bae40e4f30f6e00fe8c',
    });
  });

  it('maps a delete to TAG_DELETE and MANIFEST_DELETE', () => {
    const events = map(format, 'delete-artifact');
    expect(summary(events)).toEqual([
      ['TAG_DELETE', 'library', 'busybox', '1.36'],
      ['MANIFEST_DELETE', 'library', 'busybox', ''],
    ]);
    expect(events[1].contents).toMatchObject({ digest: BUSYBOX, deletedAt: '2024-11-24T09:55:00.000Z' });
  });

  it('maps a completed scan to SCAN_COMPLETED: Critical → critical, High → major, Medium + Low → minor', () => {
    const [event, ...rest] = map(format, 'scanning-completed');
    expect(rest).toEqual([]);
    expect(event.contents).toEqual({
      namespace: 'library',
      repository: 'busybox',
      tag: '1.36',
      imageName: 'harbor.example.com/library/busybox:1.36',
      scanSummary: {
        namespace: 'library',
        repository: 'busybox',
        tag: '1.36',
        critical: 1,
        major: 3,
        minor: 9,
        last_scan_status: 6,
        check_completed_at: '2024-11-24T09:45:09.540Z',
      },
    });
  });

  it('maps a failed scan of an untagged artifact to SCAN_FAILED with an empty tag', () => {
    const [event] = map(format, 'scanning-failed');
    expect(event.type).toBe('SCAN_FAILED');
    expect(event.contents).toEqual({
      namespace: 'library',
      repository: 'busybox',
      tag: '',
      imageName: `harbor.example.com/library/busybox@${SCANNED}`,
      error: "Harbor's vulnerability scan ended with status Error",
    });
  });

  it('maps a stopped scan to SCAN_STOPPED', () => {
    const [event] = map(format, 'scanning-stopped');
    expect(event).toMatchObject({ type: 'SCAN_STOPPED', namespace: 'library', repository: 'busybox' });
    expect(event.contents).toMatchObject({
      tag: '1.36',
      digest: SCANNED,
      scanType: 'vulnerability',
      author: 'admin',
    });
  });

  it('maps quota events to QUOTA_EXCEEDED and QUOTA_WARNING with Harbor’s message', () => {
    const [exceeded] = map(format, 'quota-exceed');
    expect(exceeded.type).toBe('QUOTA_EXCEEDED');
    expect(exceeded.contents).toMatchObject({
      namespace: 'library',
      repository: 'busybox',
      tag: 'big',
      author: 'rita',
      details: expect.stringMatching(/will exceed the configured upper limit of 1\.0 GiB/),
      exceededAt: '2024-11-24T10:00:00.000Z',
    });
    const [warning] = map(format, 'quota-warning');
    expect(warning.type).toBe('QUOTA_WARNING');
    expect(warning.contents).toMatchObject({
      tag: '',
      digest: '',
      details: expect.stringMatching(/^quota usage reach 85%/),
    });
  });

  it('maps replication: a push to PUSH_MIRRORING per reference, a failed pull to MIRROR_SYNC_FAILED', () => {
    const pushed = map(format, 'replication-push-success');
    expect(summary(pushed)).toEqual([
      ['PUSH_MIRRORING', 'library', 'busybox', '1.36'],
      ['PUSH_MIRRORING', 'library', 'busybox', 'latest'],
    ]);
    expect(pushed[0].contents).toMatchObject({
      imageName: 'harbor.example.com/library/busybox:1.36',
      sourceRepository: 'library/busybox',
      targetRepository: 'dr/busybox',
      mirroredAt: '2024-11-24T10:10:00.000Z',
      author: 'admin',
    });
    const [failed, ...more] = map(format, 'replication-pull-error');
    expect(more).toEqual([]);
    expect(failed).toMatchObject({ type: 'MIRROR_SYNC_FAILED', namespace: 'mirror', repository: 'nginx' });
    expect(failed.contents).toEqual({
      namespace: 'mirror',
      repository: 'nginx',
      source: 'hub.docker.com/library/nginx',
      tags: ['1.27'],
      failedAt: '2024-11-24T10:20:00.000Z',
      error: 'Harbor replication task failed',
    });
    expect(map(format, 'replication-running')).toEqual([]);
  });

  it('maps a tag retention run to RETENTION_COMPLETED of the project', () => {
    const [event] = map(format, 'tag-retention');
    expect(event).toMatchObject({ type: 'RETENTION_COMPLETED', namespace: 'library' });
    expect(event).not.toHaveProperty('repository');
    expect(event.contents).toEqual({
      namespace: 'library',
      status: 'SUCCESS',
      total: 3,
      retained: 1,
      deleted: ['busybox:1.34', expect.stringMatching(/^busybox@sha256:/)],
      author: 'admin',
      completedAt: '2024-11-24T10:30:00.000Z',
    });
  });

  it('yields contents that pass the schema of their type', () => {
    for (const name of [...NAMES, 'pull-artifact']) {
      for (const event of map(format, name)) {
        const answer = validateContents(event.type, event.contents);
        // The compiled path answers as class-validator does, errors included.
        expect(answer).toStrictEqual(validateContentsWithClassValidator(event.type, event.contents));
        const { errors } = answer;
        // Harbor's replication names tags, not digests: mirroring events carry an empty digest.
        const expected = event.type.endsWith('_MIRRORING')
          ? [expect.stringMatching(/^contents\.digest /)]
          : [];
        expect({ name, type: event.type, errors }).toEqual({ name, type: event.type, errors: expected });
      }
    }
  });
});

describe('mapHarborEvent across formats and retries', () => {
  it('gives an event the same ids in both formats, so a resend or a second policy is emitted once', () => {
    for (const name of NAMES) {
      const ids = (format: Format) => map(format, name).map((event) => event.id);
      expect(ids('cloudevents')).toEqual(ids('default'));
    }
    expect(new Set(NAMES.flatMap((name) => map('default', name).map((event) => event.id))).size).toBe(14);
  });

  it('skips completed SBOM scans, which report no vulnerabilities', () => {
    const { body } = payload('default', 'scanning-completed');
    const sbom = { ...body, event_data: { ...(body.event_data as object), scan: { scan_type: 'sbom' } } };
    expect(mapHarborEvent(parseHarborPayload(sbom), 'harbor')).toEqual([]);
  });
});
