export * from './change-set.mapper';
export * from './rollup.module';
export * from './rollup.service';
