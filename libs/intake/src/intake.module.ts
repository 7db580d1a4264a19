import { Module } from '@nestjs/common';
import { KafkaProducerModule } from '@contact-cost/kafka';
import { EventAdmission } from './event-admission.service';
import { EventBatchConsumer } from './event-batch.consumer';
import { EventIntakeService } from './event-intake.service';

/** Kafka → `events` table (+ dead-letter topic). Needs the app's StorageModule and config. */
@Module({
  imports: [KafkaProducerModule],
  controllers: [EventBatchConsumer],
  providers: [EventAdmission, EventIntakeService],
  exports: [EventAdmission, EventIntakeService],
})
export class IntakeModule {}
