export * from './rational';
export * from './figures';
export * from './rate-card';
export * from './cost-engine';
