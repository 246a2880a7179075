export * from './api-error';
export * from './http-error';
export * from './require-content-type.guard';
export * from './validation.pipe';
export * from './json-body-parser';
export * from './json-input';
export * from './params-and-query.pipe';
