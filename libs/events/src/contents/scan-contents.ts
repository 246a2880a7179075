// @Type reads the design types that reflect-metadata records.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsObject, IsString, ValidateNested } from 'class-validator';
import { IsIntegerInRange, IsNonEmptyString, IsTimestamp } from './field-validators';

/** DTR scan status codes: 0 failed … 6 completed (DTR webhook API docs, "Security scan status codes"). */
export const SCAN_STATUS_MIN = 0;
export const SCAN_STATUS_MAX = 6;

export class ScanSummary {
  @IsNonEmptyString()
  namespace: string;

  @IsNonEmptyString()
  repository: string;

  @IsString()
  tag: string;

  @IsIntegerInRange(0)
  critical: number;

  @IsIntegerInRange(0)
  major: number;

  @IsIntegerInRange(0)
  minor: number;

  @IsIntegerInRange(SCAN_STATUS_MIN, SCAN_STATUS_MAX)
  last_scan_status: number;

  @IsTimestamp()
  check_completed_at: string;
}

/**
 * tag may be empty here, in ScanSummary and in ScanFailedContents: a manifest can be scanned by
 * digest before it is tagged (DTR's scan-failed example has a digest reference as imageName).
 */
abstract class ScannedImageContents {
  @IsNonEmptyString()
  namespace: string;

  @IsNonEmptyString()
  repository: string;

  @IsString()
  tag: string;

  @IsNonEmptyString()
  imageName: string;
}

export class ScanCompletedContents extends ScannedImageContents {
  @IsObject()
  @ValidateNested()
  @Type(() => ScanSummary)
  scanSummary: ScanSummary;
}

export class ScanFailedContents extends ScannedImageContents {
  @IsNonEmptyString()
  error: string;
}

/** A scan someone stopped before it finished (Harbor's SCANNING_STOPPED). */
export class ScanStoppedContents extends ScannedImageContents {
  @IsString()
  digest: string;

  @IsString()
  scanType: string;

  @IsString()
  author: string;

  @IsTimestamp()
  stoppedAt: string;
}
