export * from './kafka-admin';
export * from './kafka-batch';
export * from './kafka-batch.server';
export * from './kafka-client.factory';
export * from './kafka-producer';
export * from './kafka-producer.module';
export * from './rethrow-rpc-exception.filter';
export * from './topic-reader';
