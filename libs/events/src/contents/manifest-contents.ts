// @Type reads the design types that reflect-metadata records.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsOptional, IsString, ValidateNested } from 'class-validator';
import { IsDigest, IsNonEmptyString, IsTimestamp } from './field-validators';

/** One platform image of a multi-arch index (OCI image index / Docker manifest list). */
export class ManifestPlatform {
  @IsDigest()
  digest: string;

  @IsString()
  os: string;

  @IsString()
  architecture: string;

  @IsOptional()
  @IsString()
  variant?: string;
}

/**
 * Fields every manifest and tag event shares (DTR webhook API docs). os, architecture and author may be
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

  /** Only for a multi-arch index: its platform manifests (os/architecture are then empty). */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ManifestPlatform)
  platforms?: ManifestPlatform[];
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
