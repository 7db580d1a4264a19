export * from './rational';
export * from './figures';
export * from './rate-card';
export * from './rate-card.parser';
export * from './local-calendar';
export * from './cost-engine';
export * from './cost-report';
export * from './report-json';
