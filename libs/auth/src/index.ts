export * from './access-scope';
export * from './auth-errors';
export * from './auth.module';
export * from './authenticated.guard';
export type { AuthenticatedRequest } from './authenticated-request';
export * from './current-account.decorator';
export * from './permission.service';
export * from './tokens';
