import { IsString } from 'class-validator';
import { IsNonEmptyString, IsTimestamp } from './field-validators';

/**
 * A push that hit a project's storage quota (Harbor's QUOTA_EXCEED / QUOTA_WARNING): the project is
 * the namespace, the pushed repository and, when the push was a manifest, its tag and digest.
 * `details` is the registry's own message ("... will exceed the configured upper limit ...").
 */
export abstract class QuotaContents {
  @IsNonEmptyString()
  namespace: string;

  @IsNonEmptyString()
  repository: string;

  @IsString()
  tag: string;

  @IsString()
  digest: string;

  @IsString()
  details: string;

  @IsString()
  author: string;
}

export class QuotaExceededContents extends QuotaContents {
  @IsTimestamp()
  exceededAt: string;
}

export class QuotaWarningContents extends QuotaContents {
  @IsTimestamp()
  warnedAt: string;
}
