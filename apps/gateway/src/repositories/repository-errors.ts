import { ApiError } from '@hookyard/http';

/** A repository that does not exist, or that the caller may not know of. */
export const noSuchRepository = (namespace: string, repository: string) =>
  new ApiError(404, 'NO_SUCH_REPOSITORY', `repository ${namespace}/${repository} does not exist`, {
    namespace,
    repository,
  });
