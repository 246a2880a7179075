export * from './config.module';
export * from './duration';
export * from './environment';
export * from './hookyard-config';
