import { IsArray, IsIn, IsOptional, IsString } from 'class-validator';
import { IsDigest, IsNonEmptyString, IsTimestamp } from './field-validators';

export const BUILD_STATUSES = ['succeeded', 'failed'] as const;
export type BuildStatus = (typeof BUILD_STATUSES)[number];

/** What every build event names: the repository built into, the build, who started it. */
abstract class BuildContents {
  @IsNonEmptyString()
  namespace: string;

  @IsNonEmptyString()
  repository: string;

  @IsNonEmptyString()
  buildId: string;

  @IsOptional()
  @IsNonEmptyString()
  imageName?: string;

  @IsString()
  author: string;
}

/** Alauda `build:complete`. tag, digest and imageName are optional: a failed build produced no image. */
export class BuildCompletedContents extends BuildContents {
  @IsIn(BUILD_STATUSES)
  status: BuildStatus;

  @IsOptional()
  @IsString()
  tag?: string;

  @IsOptional()
  @IsDigest()
  digest?: string;

  @IsTimestamp()
  startedAt: string;

  @IsTimestamp()
  finishedAt: string;
}

/**
 * A build before it completes, or cancelled (Quay's build_queued / build_start / build_cancelled).
 * `tags` are the tags it is to push; `imageName` the image it is to produce, when known.
 */
export abstract class BuildProgressContents extends BuildContents {
  @IsArray()
  @IsString({ each: true })
  tags: string[];
}

export class BuildQueuedContents extends BuildProgressContents {
  @IsTimestamp()
  queuedAt: string;
}

export class BuildStartedContents extends BuildProgressContents {
  @IsTimestamp()
  startedAt: string;
}

export class BuildCancelledContents extends BuildProgressContents {
  @IsTimestamp()
  cancelledAt: string;
}
