export * from './live-totals.module';
export * from './live-totals.service';
export * from './redis-keys';
