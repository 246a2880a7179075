export * from './event-filter';
export * from './event-names';
export * from './name-pattern';
