import { IsOptional, IsString } from 'class-validator';
import { IsNonEmptyString, IsTimestamp } from './field-validators';

/** Alauda `job:succeed` / `job:fail`; `repository` is the job's subject name. */
export abstract class JobContents {
  @IsNonEmptyString()
  namespace: string;

  @IsNonEmptyString()
  repository: string;

  @IsNonEmptyString()
  jobId: string;

  @IsNonEmptyString()
  jobName: string;

  @IsTimestamp()
  startedAt: string;

  @IsTimestamp()
  finishedAt: string;
}

export class JobSucceededContents extends JobContents {}

export class JobFailedContents extends JobContents {
  @IsOptional()
  @IsString()
  error?: string;
}
