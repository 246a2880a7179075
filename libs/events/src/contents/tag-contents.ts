import { IsTimestamp, IsNonEmptyString } from './field-validators';
import { ManifestContents } from './manifest-contents';

/** A tag event is a manifest event that also names the tag. */
export abstract class TagContents extends ManifestContents {
  @IsNonEmptyString()
  tag: string;
}

export class TagPushContents extends TagContents {
  @IsTimestamp()
  pushedAt: string;
}

export class TagPullContents extends TagContents {
  @IsTimestamp()
  pulledAt: string;
}

export class TagDeleteContents extends TagContents {
  @IsTimestamp()
  deletedAt: string;
}
