// @Type reads the design types that reflect-metadata records.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
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

/** Clair's normalized severities, least severe first; Quay's vulnerability priorities have these names. */
export const VULNERABILITY_SEVERITIES = [
  'Unknown',
  'Negligible',
  'Low',
  'Medium',
  'High',
  'Critical',
] as const;
export type VulnerabilitySeverity = (typeof VULNERABILITY_SEVERITIES)[number];

/** One finding of a scan, for receivers that name vulnerabilities (Quay's vulnerability_found). */
export class ScanVulnerability {
  /** The advisory's name, e.g. a CVE id. */
  @IsNonEmptyString()
  id: string;

  @IsIn(VULNERABILITY_SEVERITIES, {
    message: `$property must be one of ${VULNERABILITY_SEVERITIES.join(', ')}`,
  })
  severity: VulnerabilitySeverity;

  @IsOptional()
  @IsString()
  description?: string;

  /** Where the advisory is described. */
  @IsOptional()
  @IsString()
  link?: string;

  /** The version that fixes it; absent or empty when no fix is known. */
  @IsOptional()
  @IsString()
  fixedBy?: string;
}

export class ScanCompletedContents extends ScannedImageContents {
  @IsObject()
  @ValidateNested()
  @Type(() => ScanSummary)
  scanSummary: ScanSummary;

  /** Optional: the findings one by one, when the scanner names them (DTR's summary only counts). */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ScanVulnerability)
  vulnerabilities?: ScanVulnerability[];
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
