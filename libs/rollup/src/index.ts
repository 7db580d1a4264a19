export * from './change-set.mapper';
export * from './rollup.module';
export * from './rollup.service';
export * from './settled-contacts.archive';
