export * from './app-config';
export * from './config-variables';
export * from './config.error';
export * from './config.loader';
export * from './config.module';
