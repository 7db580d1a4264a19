export * from './health.controller';
export * from './live-api.module';
export * from './live-cost.controller';
export * from './live-cost.service';
export * from './money.format';
export * from './tenant-param.pipe';
