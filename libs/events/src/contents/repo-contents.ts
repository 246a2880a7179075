import { Equals, IsObject, IsString } from 'class-validator';
import { IsNonEmptyString } from './field-validators';

/**
 * REPO_* contents (DTR webhook API docs). `data` is the repository as /api/v0/repositories/{ns}/{repo}
 * returns it, passed through unchecked; REPO_DELETED sends `{}`, still an object.
 */
export abstract class RepositoryEventContents {
  @IsNonEmptyString()
  namespace: string;

  @IsNonEmptyString()
  repository: string;

  @IsString()
  author: string;

  @IsObject()
  data: Record<string, unknown>;
}

export class RepoCreatedContents extends RepositoryEventContents {
  @Equals('REPO_CREATED')
  event: 'REPO_CREATED';
}

export class RepoUpdatedContents extends RepositoryEventContents {
  @Equals('REPO_UPDATED')
  event: 'REPO_UPDATED';
}

export class RepoDeletedContents extends RepositoryEventContents {
  @Equals('REPO_DELETED')
  event: 'REPO_DELETED';
}
