import { IsString } from 'class-validator';
import { IsDigest, IsNonEmptyString, IsTimestamp } from './field-validators';

/**
 * Fields every manifest and tag event shares (seed 000). os, architecture and author may be
 * empty: distribution events carry no platform until ingest enriches them, and a registry
 * without auth has no author.
 */
export abstract class ManifestContents {
  @IsNonEmptyString()
  namespace: string;

  @IsNonEmptyString()
  repository: string;

  @IsDigest()
  digest: string;

  @IsNonEmptyString()
  imageName: string;

  @IsString()
  os: string;

  @IsString()
  architecture: string;

  @IsString()
  author: string;
}

export class ManifestPushContents extends ManifestContents {
  @IsTimestamp()
  pushedAt: string;
}

export class ManifestPullContents extends ManifestContents {
  @IsTimestamp()
  pulledAt: string;
}

export class ManifestDeleteContents extends ManifestContents {
  @IsTimestamp()
  deletedAt: string;
}
