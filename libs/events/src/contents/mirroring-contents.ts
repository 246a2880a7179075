import { IsArray, IsString } from 'class-validator';
import { IsNonEmptyString, IsRepositoryPath, IsTimestamp } from './field-validators';
import { TagContents } from './tag-contents';

/**
 * PROMOTION and *_MIRRORING (DTR does not detail them): the TAG_PUSH fields, with the event's own time field
 * in place of pushedAt, plus where the image came from and went to. namespace/repository is
 * the repository the subscription watches.
 */
export abstract class ImageTransferContents extends TagContents {
  @IsRepositoryPath()
  sourceRepository: string;

  @IsRepositoryPath()
  targetRepository: string;
}

export class PromotionContents extends ImageTransferContents {
  @IsTimestamp()
  promotedAt: string;
}

export class PushMirroringContents extends ImageTransferContents {
  @IsTimestamp()
  mirroredAt: string;
}

export class PollMirroringContents extends ImageTransferContents {
  @IsTimestamp()
  mirroredAt: string;
}

/**
 * A mirror sync of a repository from another registry (Quay's repo_mirror_sync_started/failed):
 * namespace/repository is the mirror, `source` the external reference it pulls from.
 */
export abstract class MirrorSyncContents {
  @IsNonEmptyString()
  namespace: string;

  @IsNonEmptyString()
  repository: string;

  @IsNonEmptyString()
  source: string;

  @IsArray()
  @IsString({ each: true })
  tags: string[];
}

export class MirrorSyncStartedContents extends MirrorSyncContents {
  @IsTimestamp()
  startedAt: string;
}

export class MirrorSyncFailedContents extends MirrorSyncContents {
  @IsTimestamp()
  failedAt: string;

  @IsNonEmptyString()
  error: string;
}
