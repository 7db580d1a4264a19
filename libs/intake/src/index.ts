export * from './dead-letter';
export * from './event-admission.service';
export * from './event-batch.consumer';
export * from './event-intake.service';
export * from './intake-patterns';
export * from './intake.module';
