// @Type reads the design types that reflect-metadata records.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { IsDigest, IsNonEmptyString, IsTimestamp } from './field-validators';

export const BUILD_STATUSES = ['succeeded', 'failed'] as const;
export type BuildStatus = (typeof BUILD_STATUSES)[number];

/** What started a build, when a build trigger (a source repository's push) did. */
export class BuildTrigger {
  /** The trigger's service, e.g. `github`. */
  @IsNonEmptyString()
  kind: string;

  @IsNonEmptyString()
  id: string;

  /** The git ref built, e.g. `refs/heads/main`. */
  @IsOptional()
  @IsString()
  ref?: string;

  @IsOptional()
  @IsString()
  commit?: string;

  @IsOptional()
  @IsString()
  defaultBranch?: string;
}

/**
 * What every build event names: the repository built into, the build, who started it; optionally
 * the build's display name and its trigger (Quay's build notifications carry both).
 */
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

  @IsOptional()
  @IsString()
  buildName?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => BuildTrigger)
  trigger?: BuildTrigger;
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

  /** Optional: why a failed build failed. */
  @IsOptional()
  @IsNonEmptyString()
  error?: string;
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
