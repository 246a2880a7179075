import { CONTENTS_SCHEMAS, MAX_CONTENTS_STRING_LENGTH, validateContents } from './contents-schemas';
import { EVENT_TYPES } from './event-types';
import { EXAMPLE_CONTENTS } from './example-contents';

function withoutField(contents: object, field: string): Record<string, unknown> {
  const { [field]: _removed, ...rest } = contents as Record<string, unknown>;
  return rest;
}

describe('CONTENTS_SCHEMAS', () => {
  it('has a schema for every event type', () => {
    expect(Object.keys(CONTENTS_SCHEMAS).sort()).toEqual([...EVENT_TYPES].sort());
  });
});

describe('validateContents', () => {
  it('names the field when a digest is missing', () => {
    const result = validateContents('TAG_PUSH', withoutField(EXAMPLE_CONTENTS.TAG_PUSH, 'digest'));

    expect(result.contents).toBeUndefined();
    expect(result.errors).toEqual([
      'contents.digest must be a digest: sha256: followed by 64 lowercase hex characters',
    ]);
  });

  it('rejects a digest that is not sha256 with 64 lowercase hex characters', () => {
    const { errors } = validateContents('MANIFEST_PUSH', {
      ...EXAMPLE_CONTENTS.MANIFEST_PUSH,
      digest: 'sha256:0afb',
    });

    expect(errors).toEqual([
      'contents.digest must be a digest: sha256: followed by 64 lowercase hex characters',
    ]);
  });

  it('names the nested path of a scan status outside 0-6', () => {
    const example = EXAMPLE_CONTENTS.SCAN_COMPLETED;
    const { errors } = validateContents('SCAN_COMPLETED', {
      ...example,
      scanSummary: { ...example.scanSummary, last_scan_status: 9 },
    });

    expect(errors).toEqual(['contents.scanSummary.last_scan_status must be an integer from 0 to 6']);
  });

  it('reports one message per field, the first rule it breaks', () => {
    const example = EXAMPLE_CONTENTS.SCAN_COMPLETED;
    const { errors } = validateContents('SCAN_COMPLETED', {
      ...example,
      scanSummary: { ...example.scanSummary, critical: '3' },
    });

    expect(errors).toEqual(['contents.scanSummary.critical must be an integer number']);
  });

  it('requires the nested scan summary to be an object', () => {
    const { errors } = validateContents('SCAN_COMPLETED', {
      ...EXAMPLE_CONTENTS.SCAN_COMPLETED,
      scanSummary: 5,
    });

    expect(errors).toEqual(['contents.scanSummary must be an object']);
  });

  it('names the replica of a scanner update by its ID', () => {
    const { errors } = validateContents('SCANNER_UPDATE_COMPLETED', {
      ...EXAMPLE_CONTENTS.SCANNER_UPDATE_COMPLETED,
      replicas: { r1: { db_updated_at: 'yesterday', version: '492', replica_id: 'r1' }, r2: 'broken' },
    });

    expect(errors).toEqual([
      'contents.replicas.r1.db_updated_at must be an ISO-8601 timestamp',
      'contents.replicas.r2 must be an object',
    ]);
  });

  it.each([null, 'TAG_PUSH', 42, [EXAMPLE_CONTENTS.TAG_PUSH]])('rejects non-object contents %j', (raw) => {
    expect(validateContents('TAG_PUSH', raw)).toEqual({ errors: ['contents must be an object'] });
  });

  it('requires REPO_* contents to carry their own event type', () => {
    const { errors } = validateContents('REPO_CREATED', {
      ...EXAMPLE_CONTENTS.REPO_CREATED,
      event: 'REPO_DELETED',
    });

    expect(errors).toEqual(['contents.event must be equal to REPO_CREATED']);
  });

  it('accepts empty os, architecture and author, as a registry without auth sends them', () => {
    const { errors } = validateContents('TAG_PUSH', {
      ...EXAMPLE_CONTENTS.TAG_PUSH,
      os: '',
      architecture: '',
      author: '',
    });

    expect(errors).toEqual([]);
  });

  it("accepts Go's zero time and nanosecond timestamps", () => {
    const { errors } = validateContents('SCANNER_UPDATE_COMPLETED', {
      ...EXAMPLE_CONTENTS.SCANNER_UPDATE_COMPLETED,
      scanner_updated_at: '2019-05-22T01:55:20.471286995Z',
      replicas: { r1: { db_updated_at: '0001-01-01T00:00:00Z', version: '', replica_id: 'r1' } },
    });

    expect(errors).toEqual([]);
  });

  it('rejects a blank namespace', () => {
    const { errors } = validateContents('TAG_PUSH', { ...EXAMPLE_CONTENTS.TAG_PUSH, namespace: ' ' });

    expect(errors).toEqual(['contents.namespace must be a non-empty string']);
  });

  it('rejects a mirroring repository that is not <namespace>/<repository>', () => {
    const { errors } = validateContents('PUSH_MIRRORING', {
      ...EXAMPLE_CONTENTS.PUSH_MIRRORING,
      targetRepository: 'bar',
    });

    expect(errors).toEqual(['contents.targetRepository must be a repository name <namespace>/<repository>']);
  });

  it('rejects a build status other than succeeded or failed', () => {
    const { errors } = validateContents('BUILD_COMPLETED', {
      ...EXAMPLE_CONTENTS.BUILD_COMPLETED,
      status: 'done',
    });

    expect(errors).toEqual(['contents.status must be one of the following values: succeeded, failed']);
  });

  it('accepts a failed build without tag, digest or image name', () => {
    const failedBuild = {
      ...withoutField(
        withoutField(withoutField(EXAMPLE_CONTENTS.BUILD_COMPLETED, 'tag'), 'digest'),
        'imageName',
      ),
      status: 'failed',
    };

    expect(validateContents('BUILD_COMPLETED', failedBuild)).toEqual({ contents: failedBuild, errors: [] });
  });

  it('drops unknown fields and returns plain objects', () => {
    const { contents, errors } = validateContents('SCANNER_UPDATE_COMPLETED', {
      ...EXAMPLE_CONTENTS.SCANNER_UPDATE_COMPLETED,
      extra: true,
    });

    expect(errors).toEqual([]);
    expect(contents).toEqual(EXAMPLE_CONTENTS.SCANNER_UPDATE_COMPLETED);
    expect(Object.getPrototypeOf(contents)).toBe(Object.prototype);
    expect(Object.getPrototypeOf((contents as { replicas: object }).replicas)).toBe(Object.prototype);
  });

  it('passes REPO_* data through as given', () => {
    const data = { name: 'bar', nested: { tags: ['a', 'b'] } };
    const { contents } = validateContents('REPO_UPDATED', { ...EXAMPLE_CONTENTS.REPO_UPDATED, data });

    expect(contents).toEqual({ ...EXAMPLE_CONTENTS.REPO_UPDATED, data });
  });

  it('refuses a string over the length limit anywhere, naming its path', () => {
    const long = 'x'.repeat(MAX_CONTENTS_STRING_LENGTH + 1);
    expect(validateContents('TAG_PUSH', { ...EXAMPLE_CONTENTS.TAG_PUSH, tag: long }).errors).toEqual([
      `contents.tag must be at most ${MAX_CONTENTS_STRING_LENGTH} characters`,
    ]);
    const data = { nested: { tags: ['a', long] } };
    expect(validateContents('REPO_UPDATED', { ...EXAMPLE_CONTENTS.REPO_UPDATED, data }).errors).toEqual([
      `contents.data.nested.tags[1] must be at most ${MAX_CONTENTS_STRING_LENGTH} characters`,
    ]);
  });
});

describe('validateContents for build progress and mirror syncs', () => {
  it('requires tags to be a list of strings', () => {
    expect(
      validateContents('BUILD_QUEUED', { ...EXAMPLE_CONTENTS.BUILD_QUEUED, tags: 'latest' }).errors,
    ).toEqual(['contents.tags must be an array']);
    expect(
      validateContents('MIRROR_SYNC_FAILED', { ...EXAMPLE_CONTENTS.MIRROR_SYNC_FAILED, tags: [1] }).errors,
    ).toEqual(['contents.tags each value in tags must be a string']);
  });

  it('needs the error of a failed mirror sync', () => {
    expect(
      validateContents('MIRROR_SYNC_FAILED', withoutField(EXAMPLE_CONTENTS.MIRROR_SYNC_FAILED, 'error'))
        .errors,
    ).toEqual(['contents.error must be a non-empty string']);
  });
});
