import { ApiError } from '@hookyard/http';
export const notAuthenticated = () =>
  new ApiError(401, 'NOT_AUTHENTICATED', 'The client is not authenticated.');
export const notAuthorized = (detail = 'You do not have permission to perform this action.') =>
  new ApiError(403, 'NOT_AUTHORIZED', 'The client is not authorized.', detail);
