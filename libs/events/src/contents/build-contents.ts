import { IsIn, IsOptional, IsString } from 'class-validator';
import { IsDigest, IsNonEmptyString, IsTimestamp } from './field-validators';

export const BUILD_STATUSES = ['succeeded', 'failed'] as const;
export type BuildStatus = (typeof BUILD_STATUSES)[number];

/** Alauda `build:complete`. tag, digest and imageName are optional: a failed build produced no image. */
export class BuildCompletedContents {
  @IsNonEmptyString()
  namespace: string;

  @IsNonEmptyString()
  repository: string;

  @IsNonEmptyString()
  buildId: string;

  @IsIn(BUILD_STATUSES)
  status: BuildStatus;

  @IsOptional()
  @IsString()
  tag?: string;

  @IsOptional()
  @IsDigest()
  digest?: string;

  @IsOptional()
  @IsNonEmptyString()
  imageName?: string;

  @IsTimestamp()
  startedAt: string;

  @IsTimestamp()
  finishedAt: string;

  @IsString()
  author: string;
}
