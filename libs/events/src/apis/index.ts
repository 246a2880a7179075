export * from './alauda';
export * from './dtr';
export * from './quay';
export * from './subscription-api';
