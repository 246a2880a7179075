import {
  DIGEST_RULE,
  isDigest,
  isRepositoryName,
  isRepositoryPath,
  isTag,
  REPOSITORY_NAME_RULE,
  REPOSITORY_PATH_RULE,
  TAG_RULE,
} from '@hookyard/events';
import { hash } from 'node:crypto';

/**
 * Harbor's webhook event types (the Default format's `type`, goharbor/harbor
 * src/controller/event/topic.go) and the CloudEvents `type` of each (src/pkg/notifier/formats/cloudevents.go).
 */
export const HARBOR_EVENT_TYPES = {
  PUSH_ARTIFACT: 'harbor.artifact.pushed',
  PULL_ARTIFACT: 'harbor.artifact.pulled',
  DELETE_ARTIFACT: 'harbor.artifact.deleted',
  QUOTA_EXCEED: 'harbor.quota.exceeded',
  QUOTA_WARNING: 'harbor.quota.warned',
  REPLICATION: 'harbor.replication.status.changed',
  SCANNING_FAILED: 'harbor.scan.failed',
  SCANNING_COMPLETED: 'harbor.scan.completed',
  SCANNING_STOPPED: 'harbor.scan.stopped',
  TAG_RETENTION: 'harbor.tag_retention.finished',
} as const;

export type HarborEventType = keyof typeof HARBOR_EVENT_TYPES;

const DEFAULT_TYPES = Object.keys(HARBOR_EVENT_TYPES) as HarborEventType[];
const CLOUD_EVENT_TYPES = new Map(
  Object.entries(HARBOR_EVENT_TYPES).map(([type, cloudType]) => [
    cloudType as string,
    type as HarborEventType,
  ]),
);
const ARTIFACT_TYPES = new Set<HarborEventType>(['PUSH_ARTIFACT', 'PULL_ARTIFACT', 'DELETE_ARTIFACT']);
const SCAN_TYPES = new Set<HarborEventType>(['SCANNING_COMPLETED', 'SCANNING_FAILED', 'SCANNING_STOPPED']);
const QUOTA_TYPES = new Set<HarborEventType>(['QUOTA_EXCEED', 'QUOTA_WARNING']);

/** A Harbor event lists one resource; a few more are allowed, thousands are not. */
const MAX_ITEMS = 100;
const MAX_TEXT = 4096;
/** `busybox [2 item(s) in total]`: how a replication task names its repository (flow/stage.go). */
const REPLICATION_NAME = /^(.+?) \[\d+ item\(s\) in total\]$/;

export interface HarborResource {
  digest: string;
  /** As Harbor sent it: may be empty, or a digest (a push by digest, a robot's or a proxy cache's). */
  tag: string;
  resourceUrl: string;
  /** Scan summaries by report media type (vuln.NativeReportSummary). */
  scanOverview: Record<string, unknown>;
}

export interface ReplicationSide {
  /** Set for the remote registry only: Harbor's own side has none. */
  registryName: string;
  endpoint: string;
  namespace: string;
}

export interface ReplicatedArtifact {
  /** The repository below the namespace (from `name_tag`). */
  repository: string;
  /** Tags, or digests for untagged artifacts. */
  references: string[];
  failReason: string;
}

export interface HarborReplication {
  jobStatus: string;
  harborHostname: string;
  source: ReplicationSide;
  destination: ReplicationSide;
  artifacts: ReplicatedArtifact[];
}

export interface HarborRetention {
  projectName: string;
  result: string;
  total: number;
  retained: number;
  deleted: string[];
}

/** One Harbor webhook payload, from either format, checked. */
export interface HarborEvent {
  type: HarborEventType;
  /** ISO-8601; Harbor reports whole seconds. */
  occurredAt: string;
  operator: string;
  /** `<project>/<repository>` */
  repository?: { fullName: string; createdAt?: string };
  resources: HarborResource[];
  scanType: string;
  details: string;
  replication?: HarborReplication;
  retention?: HarborRetention;
  /**
   * What the event says, hashed: Harbor resends the same bytes when a delivery fails, and its two
   * formats carry the same `event_data`, so this identifies the event across retries, formats and
   * policies (a CloudEvents `id` is new for every policy).
   */
  identity: string;
}

export class HarborPayloadError extends Error {}

type Fields = Record<string, unknown>;

function fail(message: string): never {
  throw new HarborPayloadError(message);
}

function objectAt(value: unknown, path: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${path} must be an object`);
  return value as Fields;
}

function stringAt(value: unknown, path: string, fallback?: string): string {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || value.length > MAX_TEXT) {
    fail(`${path} must be a string of at most ${MAX_TEXT} characters`);
  }
  return value;
}

function integerAt(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    fail(`${path} must be a whole number of at least 0`);
  }
  return value;
}

function arrayAt(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_ITEMS)
    fail(`${path} must be an array of at most ${MAX_ITEMS} items`);
  return value;
}

/** Unix seconds → ISO-8601, or 400. */
function secondsAt(value: unknown, path: string): string {
  const seconds = integerAt(value, path);
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) fail(`${path} must be a Unix time in seconds`);
  return date.toISOString();
}

/**
 * `POST /events/harbor` bodies: Harbor's Default format (`{type, occur_at, operator, event_data}`)
 * or its CloudEvents format (structured mode: `{specversion, id, type: harbor.*, time, operator,
 * data}`, `data` being the Default format's `event_data`). The message names the first bad field.
 */
export function parseHarborPayload(body: unknown): HarborEvent {
  const payload = objectAt(body, 'body');
  return 'specversion' in payload ? parseCloudEvent(payload) : parseDefault(payload);
}

function parseDefault(payload: Fields): HarborEvent {
  const type = payload.type;
  if (typeof type !== 'string' || !(DEFAULT_TYPES as string[]).includes(type)) {
    fail(`type must be one of ${DEFAULT_TYPES.join(', ')}`);
  }
  return parseEventData(
    type as HarborEventType,
    secondsAt(payload.occur_at, 'occur_at'),
    stringAt(payload.operator, 'operator', ''),
    payload.event_data,
    'event_data',
  );
}

function parseCloudEvent(payload: Fields): HarborEvent {
  if (payload.specversion !== '1.0') fail('specversion must be "1.0"');
  if (typeof payload.id !== 'string' || payload.id === '') fail('id must be a non-empty string');
  const type = CLOUD_EVENT_TYPES.get(String(payload.type));
  if (!type) fail(`type must be one of ${[...CLOUD_EVENT_TYPES.keys()].join(', ')}`);
  const time = typeof payload.time === 'string' ? new Date(payload.time) : undefined;
  if (!time || Number.isNaN(time.getTime())) fail('time must be an RFC 3339 timestamp');
  if (payload.datacontenttype !== undefined && payload.datacontenttype !== 'application/json') {
    fail('datacontenttype must be application/json');
  }
  return parseEventData(
    type,
    time.toISOString(),
    stringAt(payload.operator, 'operator', ''),
    payload.data,
    'data',
  );
}

function parseEventData(
  type: HarborEventType,
  occurredAt: string,
  operator: string,
  rawData: unknown,
  at: string,
): HarborEvent {
  const data = objectAt(rawData, at);
  const resources = arrayAt(data.resources, `${at}.resources`).map((item, index) =>
    parseResource(item, `${at}.resources[${index}]`),
  );
  const repository =
    data.repository === undefined ? undefined : parseRepository(data.repository, `${at}.repository`);
  if ((ARTIFACT_TYPES.has(type) || SCAN_TYPES.has(type) || QUOTA_TYPES.has(type)) && !repository) {
    fail(`${at}.repository must be an object`);
  }
  if ((ARTIFACT_TYPES.has(type) || SCAN_TYPES.has(type)) && resources.length === 0) {
    fail(`${at}.resources must name the artifact`);
  }
  if (ARTIFACT_TYPES.has(type) || SCAN_TYPES.has(type)) {
    resources.forEach((resource, index) => {
      if (!resource.digest) fail(`${at}.resources[${index}].digest must be ${DIGEST_RULE}`);
    });
  }
  const scan = data.scan === undefined ? {} : objectAt(data.scan, `${at}.scan`);
  const custom =
    data.custom_attributes === undefined ? {} : objectAt(data.custom_attributes, `${at}.custom_attributes`);
  const event: HarborEvent = {
    type,
    occurredAt,
    operator,
    repository,
    resources,
    scanType: stringAt(scan.scan_type, `${at}.scan.scan_type`, ''),
    details: stringAt(custom.Details, `${at}.custom_attributes.Details`, ''),
    identity: hash('sha256', JSON.stringify([type, occurredAt, operator, data]), 'hex'),
  };
  if (type === 'REPLICATION') event.replication = parseReplication(data.replication, `${at}.replication`);
  if (type === 'TAG_RETENTION') event.retention = parseRetention(data.retention, `${at}.retention`);
  return event;
}

function parseResource(item: unknown, path: string): HarborResource {
  const resource = objectAt(item, path);
  const digest = stringAt(resource.digest, `${path}.digest`, '');
  if (digest && !isDigest(digest)) fail(`${path}.digest must be ${DIGEST_RULE}`);
  const tag = stringAt(resource.tag, `${path}.tag`, '');
  if (tag && !isTag(tag) && !isDigest(tag)) fail(`${path}.tag must be ${TAG_RULE}, or a digest`);
  const resourceUrl = stringAt(resource.resource_url, `${path}.resource_url`, '');
  if (/\s/.test(resourceUrl)) fail(`${path}.resource_url must be an image reference without spaces`);
  const scanOverview =
    resource.scan_overview === undefined || resource.scan_overview === null
      ? {}
      : objectAt(resource.scan_overview, `${path}.scan_overview`);
  return { digest, tag, resourceUrl, scanOverview };
}

function parseRepository(value: unknown, path: string): HarborEvent['repository'] {
  const repository = objectAt(value, path);
  const fullName = repository.repo_full_name;
  if (!isRepositoryName(fullName)) fail(`${path}.repo_full_name must be ${REPOSITORY_NAME_RULE}`);
  const created = repository.date_created;
  return {
    fullName,
    ...(created !== undefined && created !== 0 && { createdAt: secondsAt(created, `${path}.date_created`) }),
  };
}

function parseSide(value: unknown, path: string): ReplicationSide {
  const side = objectAt(value, path);
  const namespace = stringAt(side.namespace, `${path}.namespace`, '');
  if (namespace && !isRepositoryPath(namespace)) fail(`${path}.namespace must be ${REPOSITORY_PATH_RULE}`);
  return {
    registryName: stringAt(side.registry_name, `${path}.registry_name`, ''),
    endpoint: stringAt(side.endpoint, `${path}.endpoint`, ''),
    namespace,
  };
}

function parseReplication(value: unknown, path: string): HarborReplication {
  const replication = objectAt(value, path);
  const artifacts = [
    ...arrayAt(replication.successful_artifact, `${path}.successful_artifact`).map((item, index) =>
      parseReplicated(item, `${path}.successful_artifact[${index}]`),
    ),
    ...arrayAt(replication.failed_artifact, `${path}.failed_artifact`).map((item, index) =>
      parseReplicated(item, `${path}.failed_artifact[${index}]`),
    ),
  ];
  return {
    jobStatus: stringAt(replication.job_status, `${path}.job_status`),
    harborHostname: stringAt(replication.harbor_hostname, `${path}.harbor_hostname`, ''),
    source: parseSide(replication.src_resource ?? {}, `${path}.src_resource`),
    destination: parseSide(replication.dest_resource ?? {}, `${path}.dest_resource`),
    artifacts,
  };
}

function parseReplicated(value: unknown, path: string): ReplicatedArtifact {
  const artifact = objectAt(value, path);
  const nameTag = stringAt(artifact.name_tag, `${path}.name_tag`);
  const repository = REPLICATION_NAME.exec(nameTag)?.[1] ?? nameTag;
  if (!isRepositoryPath(repository)) {
    fail(
      `${path}.name_tag must be "<repository> [<n> item(s) in total]", the repository ${REPOSITORY_PATH_RULE}`,
    );
  }
  const references = arrayAt(artifact.references, `${path}.references`).map((reference, index) => {
    if (!isTag(reference) && !isDigest(reference))
      fail(`${path}.references[${index}] must be a tag or a digest`);
    return reference;
  });
  return { repository, references, failReason: stringAt(artifact.fail_reason, `${path}.fail_reason`, '') };
}

function parseRetention(value: unknown, path: string): HarborRetention {
  const retention = objectAt(value, path);
  const projectName = retention.project_name;
  if (!isRepositoryPath(projectName) || projectName.includes('/')) {
    fail(`${path}.project_name must be a project name (${REPOSITORY_PATH_RULE}, one component)`);
  }
  return {
    projectName,
    result: stringAt(retention.result, `${path}.result`, ''),
    total: integerAt(retention.total, `${path}.total`),
    retained: integerAt(retention.retained, `${path}.retained`),
    deleted: arrayAt(retention.deleted_artifact, `${path}.deleted_artifact`).map((item, index) =>
      stringAt(
        objectAt(item, `${path}.deleted_artifact[${index}]`).name_tag,
        `${path}.deleted_artifact[${index}].name_tag`,
      ),
    ),
  };
}
