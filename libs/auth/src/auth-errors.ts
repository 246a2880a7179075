import { ApiError } from '@hookyard/http';
export const notAuthenticated = () =>
  new ApiError(401, 'NOT_AUTHENTICATED', 'The client is not authenticated.');
export const notAuthorized = (detail = 'You do not have permission to perform this action.') =>
  new ApiError(403, 'NOT_AUTHORIZED', 'The client is not authorized.', detail);
export const crossOriginRefused = () =>
  new ApiError(
    403,
    'CROSS_ORIGIN_REQUEST',
    'This request came from another site and carries the console session cookie: refused.',
  );
