import { instanceToPlain, plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import {
  BuildCancelledContents,
  BuildCompletedContents,
  BuildQueuedContents,
  BuildStartedContents,
  DeliveryExhaustedContents,
  DeliveryFailingContents,
  JobFailedContents,
  JobSucceededContents,
  ManifestDeleteContents,
  ManifestPullContents,
  ManifestPushContents,
  MirrorSyncFailedContents,
  MirrorSyncStartedContents,
  PollMirroringContents,
  PromotionContents,
  PushMirroringContents,
  QuotaExceededContents,
  QuotaWarningContents,
  RepoCreatedContents,
  RepoDeletedContents,
  RepoUpdatedContents,
  RetentionCompletedContents,
  ScanCompletedContents,
  ScanFailedContents,
  ScannerUpdateCompletedContents,
  ScanStoppedContents,
  TagDeleteContents,
  TagPullContents,
  TagPushContents,
  WebhookDisabledContents,
} from './contents';
import { compileContents, type CompiledContents } from './compiled-contents';
import type { EventType } from './event-types';

/** The class-validator schema of `contents` for each event type. */
export const CONTENTS_SCHEMAS = {
  TAG_PUSH: TagPushContents,
  TAG_PULL: TagPullContents,
  TAG_DELETE: TagDeleteContents,
  MANIFEST_PUSH: ManifestPushContents,
  MANIFEST_PULL: ManifestPullContents,
  MANIFEST_DELETE: ManifestDeleteContents,
  SCAN_COMPLETED: ScanCompletedContents,
  SCAN_FAILED: ScanFailedContents,
  PROMOTION: PromotionContents,
  PUSH_MIRRORING: PushMirroringContents,
  POLL_MIRRORING: PollMirroringContents,
  REPO_CREATED: RepoCreatedContents,
  REPO_UPDATED: RepoUpdatedContents,
  REPO_DELETED: RepoDeletedContents,
  SCANNER_UPDATE_COMPLETED: ScannerUpdateCompletedContents,
  BUILD_COMPLETED: BuildCompletedContents,
  JOB_SUCCEEDED: JobSucceededContents,
  JOB_FAILED: JobFailedContents,
  BUILD_QUEUED: BuildQueuedContents,
  BUILD_STARTED: BuildStartedContents,
  BUILD_CANCELLED: BuildCancelledContents,
  MIRROR_SYNC_STARTED: MirrorSyncStartedContents,
  MIRROR_SYNC_FAILED: MirrorSyncFailedContents,
  SCAN_STOPPED: ScanStoppedContents,
  QUOTA_EXCEEDED: QuotaExceededContents,
  QUOTA_WARNING: QuotaWarningContents,
  RETENTION_COMPLETED: RetentionCompletedContents,
  WEBHOOK_DISABLED: WebhookDisabledContents,
  DELIVERY_EXHAUSTED: DeliveryExhaustedContents,
  DELIVERY_FAILING: DeliveryFailingContents,
} satisfies Record<EventType, ClassConstructor<object>>;

/** A schema's fields as JSON carries them: validateContents returns plain objects, Maps as records. */
type Plain<T> =
  T extends Map<string, infer V>
    ? Record<string, Plain<V>>
    : T extends object
      ? { [K in keyof T]: Plain<T[K]> }
      : T;

/** The `contents` of an event of type `T`, as its schema declares them. */
export type ContentsOf<T extends EventType> = Plain<InstanceType<(typeof CONTENTS_SCHEMAS)[T]>>;

export interface ContentsValidationResult {
  /** The valid contents as a plain object, unknown fields removed; absent when there are errors. */
  contents?: object;
  /** One message per failed field, naming its full path (`contents.scanSummary.critical ...`). */
  errors: string[];
}

const CONTENTS_PATH = 'contents';

/**
 * Checks an event's `contents` against its type's schema. Valid contents take the compiled path;
 * anything else is answered by validateContentsWithClassValidator, which it matches.
 */
export function validateContents(type: EventType, raw: unknown): ContentsValidationResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { errors: [`${CONTENTS_PATH} must be an object`] };
  }
  const contents = COMPILED_CONTENTS[type](raw);
  return contents ? { contents, errors: [] } : validateContentsWithClassValidator(type, raw);
}

/** The reference: class-transformer and class-validator, with their messages. */
export function validateContentsWithClassValidator(type: EventType, raw: object): ContentsValidationResult {
  const schema: ClassConstructor<object> = CONTENTS_SCHEMAS[type];
  const instance = plainToInstance(schema, raw);
  // stopAtFirstError: one message per field; a scanSummary that is not an object would
  // otherwise also fail its nested validation.
  const validationErrors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: false,
    stopAtFirstError: true,
  });
  const errors = validationErrors.flatMap((error) => messagesWithPath(error, CONTENTS_PATH));
  if (errors.length > 0) return { errors };
  const contents = instanceToPlain(instance);
  const long = longString(contents, CONTENTS_PATH);
  return long
    ? { errors: [`${long} must be at most ${MAX_CONTENTS_STRING_LENGTH} characters`] }
    : { contents, errors };
}

/**
 * Longest string anywhere in an event's contents: names, tags, digests and timestamps are far
 * shorter, and every receiver of the event gets each one.
 */
export const MAX_CONTENTS_STRING_LENGTH = 4096;

/** Compiled at load: a decorator the compiler does not understand fails every app's start. */
const COMPILED_CONTENTS = Object.fromEntries(
  Object.entries(CONTENTS_SCHEMAS).map(([type, schema]) => [
    type,
    compileContents(schema, MAX_CONTENTS_STRING_LENGTH),
  ]),
) as Record<EventType, CompiledContents>;

/** The path of the first string over MAX_CONTENTS_STRING_LENGTH, if any. */
function longString(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.length > MAX_CONTENTS_STRING_LENGTH ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = longString(child, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

/** class-validator messages start with the bare property name; put the full path in its place. */
function messagesWithPath(error: ValidationError, parentPath: string): string[] {
  const path = `${parentPath}.${error.property}`;
  const propertyPrefix = `${error.property} `;
  const own = Object.values(error.constraints ?? {}).map((message) => {
    const detail = message.startsWith(propertyPrefix) ? message.slice(propertyPrefix.length) : message;
    return `${path} ${detail}`;
  });
  const nested = (error.children ?? []).flatMap((child) => messagesWithPath(child, path));
  return [...own, ...nested];
}
