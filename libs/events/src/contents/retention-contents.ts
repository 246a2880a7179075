import { IsArray, IsString } from 'class-validator';
import { IsIntegerInRange, IsNonEmptyString, IsTimestamp } from './field-validators';

/**
 * A tag retention run over a project that deleted artifacts (Harbor's TAG_RETENTION): how many it
 * looked at and kept, and `deleted`, each as `repository:tag` or `repository@digest`.
 */
export class RetentionCompletedContents {
  @IsNonEmptyString()
  namespace: string;

  @IsString()
  status: string;

  @IsIntegerInRange(0)
  total: number;

  @IsIntegerInRange(0)
  retained: number;

  @IsArray()
  @IsString({ each: true })
  deleted: string[];

  @IsString()
  author: string;

  @IsTimestamp()
  completedAt: string;
}
