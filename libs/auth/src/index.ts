export * from './access-scope';
export * from './auth-errors';
export * from './auth.module';
// The console's sign-in opens and closes sessions through it.
export { AuthService } from './auth.service';
export * from './authenticated.guard';
export type { AuthenticatedRequest } from './authenticated-request';
export * from './console-sessions';
export * from './current-account.decorator';
export * from './permission.service';
export * from './same-origin';
export * from './tokens';
