export * from './canonical-event';
export * from './contents';
export * from './contents-schemas';
export * from './event-descriptions';
export * from './event-types';
export * from './example-contents';
export * from './repository-name';
export * from './once-per-event';
