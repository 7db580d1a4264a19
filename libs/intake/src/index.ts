export * from './dead-letter';
export * from './dead-letter.redriver';
export * from './dead-letters.command';
export * from './event-admission.service';
export * from './event-batch.consumer';
export * from './event-intake.service';
export * from './intake-patterns';
export * from './intake.module';
