export * from './api-error';
export * from './http-error';
export * from './require-content-type.guard';
export * from './validation.pipe';
