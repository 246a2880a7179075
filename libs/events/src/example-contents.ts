import type { ContentsOf } from './contents-schemas';
import type { EventType } from './event-types';

/*
 * The fixed example `contents` of every event type, sent by test deliveries (DTR
 * `POST /api/v0/webhooks/test`: "the example payload sent is always the same").
 * Each one passes validateContents unchanged.
 */

/** The registry host of the example image names, and of Quay's sample notification data. */
export const EXAMPLE_REGISTRY_HOST = 'registry.example.com';

const EXAMPLE_DIGEST = 'sha256:da9bbb96d9460bbd4d47845ddbecc1a5d33979aa4d40198d3feca46deed4e476';
const EXAMPLE_TIME = '2019-05-22T01:55:20.471Z';

const exampleManifest = {
  namespace: 'foo',
  repository: 'bar',
  digest: EXAMPLE_DIGEST,
  imageName: `registry.example.com/foo/bar@${EXAMPLE_DIGEST}`,
  os: 'linux',
  architecture: 'amd64',
  author: 'admin',
};

const exampleTag = {
  namespace: 'foo',
  repository: 'bar',
  tag: 'latest',
  digest: EXAMPLE_DIGEST,
  imageName: 'registry.example.com/foo/bar:latest',
  os: 'linux',
  architecture: 'amd64',
  author: 'admin',
};

const exampleRepository = {
  id: '4c1f8b2e-6d3a-4f5b-9e7c-2a1d0b9c8e7f',
  namespace: 'foo',
  namespaceType: 'organization',
  name: 'bar',
  shortDescription: 'An example repository',
  longDescription: '',
  visibility: 'private',
  scanOnPush: true,
  immutableTags: false,
  enableManifestLists: false,
  pulls: 0,
  pushes: 0,
  tagLimit: 0,
};

const exampleJob = {
  namespace: 'foo',
  repository: 'nightly-backup',
  jobId: '9d2e7a4c-1b3f-4e8a-b6c5-0f1e2d3c4b5a',
  jobName: 'nightly-backup',
  startedAt: '2019-05-22T01:50:00.000Z',
  finishedAt: EXAMPLE_TIME,
};

const exampleBuild = {
  namespace: 'foo',
  repository: 'bar',
  buildId: 'b1a2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  tags: ['latest'],
  imageName: 'registry.example.com/foo/bar:latest',
  author: 'admin',
};

const exampleMirrorSync = {
  namespace: 'foo',
  repository: 'bar',
  source: 'quay.io/upstream/bar',
  tags: ['latest'],
};

const exampleQuota = {
  namespace: 'foo',
  repository: 'bar',
  tag: 'latest',
  digest: EXAMPLE_DIGEST,
  author: 'admin',
};

export const EXAMPLE_CONTENTS: { [T in EventType]: ContentsOf<T> } = {
  TAG_PUSH: { ...exampleTag, pushedAt: EXAMPLE_TIME },
  TAG_PULL: { ...exampleTag, pulledAt: EXAMPLE_TIME },
  TAG_DELETE: { ...exampleTag, deletedAt: EXAMPLE_TIME },
  MANIFEST_PUSH: { ...exampleManifest, pushedAt: EXAMPLE_TIME },
  MANIFEST_PULL: { ...exampleManifest, pulledAt: EXAMPLE_TIME },
  MANIFEST_DELETE: { ...exampleManifest, deletedAt: EXAMPLE_TIME },
  SCAN_COMPLETED: {
    namespace: 'foo',
    repository: 'bar',
    tag: 'latest',
    imageName: 'registry.example.com/foo/bar:latest',
    scanSummary: {
      namespace: 'foo',
      repository: 'bar',
      tag: 'latest',
      critical: 0,
      major: 2,
      minor: 5,
      last_scan_status: 6,
      check_completed_at: EXAMPLE_TIME,
    },
  },
  SCAN_FAILED: {
    namespace: 'foo',
    repository: 'bar',
    tag: 'latest',
    imageName: 'registry.example.com/foo/bar:latest',
    error: 'failed to fetch layer: connection reset by peer',
  },
  PROMOTION: {
    ...exampleTag,
    sourceRepository: 'foo/bar',
    targetRepository: 'foo/bar-production',
    promotedAt: EXAMPLE_TIME,
  },
  PUSH_MIRRORING: {
    ...exampleTag,
    sourceRepository: 'foo/bar',
    targetRepository: 'mirror/bar',
    mirroredAt: EXAMPLE_TIME,
  },
  POLL_MIRRORING: {
    ...exampleTag,
    sourceRepository: 'upstream/bar',
    targetRepository: 'foo/bar',
    mirroredAt: EXAMPLE_TIME,
  },
  REPO_CREATED: {
    namespace: 'foo',
    repository: 'bar',
    event: 'REPO_CREATED',
    author: 'admin',
    data: exampleRepository,
  },
  REPO_UPDATED: {
    namespace: 'foo',
    repository: 'bar',
    event: 'REPO_UPDATED',
    author: 'admin',
    data: { ...exampleRepository, visibility: 'public' },
  },
  REPO_DELETED: { namespace: 'foo', repository: 'bar', event: 'REPO_DELETED', author: 'admin', data: {} },
  SCANNER_UPDATE_COMPLETED: {
    scanner_version: '3.0.1',
    scanner_updated_at: EXAMPLE_TIME,
    db_version: 492,
    db_updated_at: EXAMPLE_TIME,
    success: true,
    replicas: {
      '0a1b2c3d4e5f': { db_updated_at: EXAMPLE_TIME, version: '492', replica_id: '0a1b2c3d4e5f' },
    },
  },
  BUILD_COMPLETED: {
    namespace: 'foo',
    repository: 'bar',
    buildId: 'b1a2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
    status: 'succeeded',
    tag: 'latest',
    digest: EXAMPLE_DIGEST,
    imageName: 'registry.example.com/foo/bar:latest',
    startedAt: '2019-05-22T01:50:00.000Z',
    finishedAt: EXAMPLE_TIME,
    author: 'admin',
  },
  JOB_SUCCEEDED: exampleJob,
  JOB_FAILED: { ...exampleJob, error: 'container exited with code 1' },
  BUILD_QUEUED: { ...exampleBuild, queuedAt: '2019-05-22T01:49:00.000Z' },
  BUILD_STARTED: { ...exampleBuild, startedAt: '2019-05-22T01:50:00.000Z' },
  BUILD_CANCELLED: { ...exampleBuild, cancelledAt: EXAMPLE_TIME },
  MIRROR_SYNC_STARTED: { ...exampleMirrorSync, startedAt: '2019-05-22T01:50:00.000Z' },
  MIRROR_SYNC_FAILED: {
    ...exampleMirrorSync,
    failedAt: EXAMPLE_TIME,
    error: 'manifest unknown: quay.io/upstream/bar:latest',
  },
  SCAN_STOPPED: {
    namespace: 'foo',
    repository: 'bar',
    tag: 'latest',
    digest: EXAMPLE_DIGEST,
    imageName: 'registry.example.com/foo/bar:latest',
    scanType: 'vulnerability',
    author: 'admin',
    stoppedAt: EXAMPLE_TIME,
  },
  QUOTA_EXCEEDED: {
    ...exampleQuota,
    details:
      'adding 28.5 MiB of storage resource, which when updated to current usage of 998.2 MiB will exceed the configured upper limit of 1.0 GiB.',
    exceededAt: EXAMPLE_TIME,
  },
  QUOTA_WARNING: {
    ...exampleQuota,
    details: 'quota usage reach 85%: resource storage used 870.1 MiB of 1.0 GiB',
    warnedAt: EXAMPLE_TIME,
  },
  RETENTION_COMPLETED: {
    namespace: 'foo',
    status: 'SUCCESS',
    total: 3,
    retained: 1,
    deleted: ['bar:1.0', 'bar:1.1'],
    author: 'admin',
    completedAt: EXAMPLE_TIME,
  },
};
