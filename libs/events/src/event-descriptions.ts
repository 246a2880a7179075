import type { EventType } from './event-types';

/** What each event type means, in a sentence, for people choosing what to subscribe to (the console, OpenAPI). */
export const EVENT_TYPE_DESCRIPTIONS: Record<EventType, string> = {
  TAG_PUSH: 'A tag was pushed to a repository (a new image, or a tag moved to another image).',
  TAG_PULL: 'An image was pulled by tag.',
  TAG_DELETE: 'A tag was deleted from a repository.',
  MANIFEST_PUSH: 'A manifest (an image, whatever its tags) was pushed.',
  MANIFEST_PULL: 'A manifest was pulled by digest.',
  MANIFEST_DELETE: 'A manifest was deleted, with every tag pointing to it.',
  SCAN_COMPLETED: 'A vulnerability scan of an image finished; the payload lists what it found.',
  SCAN_FAILED: 'A vulnerability scan of an image failed.',
  PROMOTION: 'An image was promoted from one repository to another by a promotion policy.',
  PUSH_MIRRORING: 'An image was mirrored to another registry by a push mirror.',
  POLL_MIRRORING: 'An image was mirrored into this repository by a poll mirror.',
  REPO_CREATED: 'A repository was created in the namespace.',
  REPO_UPDATED: "A repository's settings were changed in the namespace.",
  REPO_DELETED: 'A repository was deleted from the namespace.',
  SCANNER_UPDATE_COMPLETED: "The vulnerability scanner's database was updated (whole registry).",
  BUILD_COMPLETED: 'An image build finished, successfully or not.',
  JOB_SUCCEEDED: 'A job finished successfully.',
  JOB_FAILED: 'A job failed.',
  BUILD_QUEUED: 'An image build was queued.',
  BUILD_STARTED: 'An image build started.',
  BUILD_CANCELLED: 'An image build was cancelled.',
  MIRROR_SYNC_STARTED: 'A repository mirror started to sync.',
  MIRROR_SYNC_FAILED: 'A repository mirror failed to sync.',
  SCAN_STOPPED: 'A vulnerability scan of an image was stopped before it finished (Harbor).',
  QUOTA_EXCEEDED: "A push was refused: the project's storage quota is used up (Harbor).",
  QUOTA_WARNING: "The project's storage is close to its quota (Harbor).",
  RETENTION_COMPLETED: 'A tag retention run finished and deleted the tags its rules let go (Harbor).',
  WEBHOOK_DISABLED:
    "One of the namespace's webhooks was turned off after failed deliveries or a 410 Gone (Hookyard).",
  DELIVERY_EXHAUSTED: "A delivery of one of the namespace's webhooks failed for good (Hookyard).",
  DELIVERY_FAILING:
    "A delivery of one of the namespace's webhooks failed its 4th attempt; retries go on (Hookyard).",
};
