export * from './file-contact-archive';
export * from './line-reader';
export * from './replay-args';
export * from './replay.runner';
export * from './replay.types';
