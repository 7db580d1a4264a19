export * from './event-types';
export * from './topics';
export * from './event-time';
export * from './event-schema';
