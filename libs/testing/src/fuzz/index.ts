export * from './request-mutations';
