import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { KafkaBatch } from '@contact-cost/kafka';
import { EventIntakeService } from './event-intake.service';
import { INTAKE_PATTERNS } from './intake-patterns';

/** The four event topics feed one intake; a rejected event never holds up the valid ones around it. */
@Controller()
export class EventBatchConsumer {
  constructor(private readonly intake: EventIntakeService) {}

  @EventPattern(INTAKE_PATTERNS.calls)
  async onCalls(@Payload() batch: KafkaBatch): Promise<void> {
    await this.intake.ingest(batch);
  }

  @EventPattern(INTAKE_PATTERNS.chats)
  async onChats(@Payload() batch: KafkaBatch): Promise<void> {
    await this.intake.ingest(batch);
  }

  @EventPattern(INTAKE_PATTERNS.tickets)
  async onTickets(@Payload() batch: KafkaBatch): Promise<void> {
    await this.intake.ingest(batch);
  }

  @EventPattern(INTAKE_PATTERNS.agents)
  async onAgents(@Payload() batch: KafkaBatch): Promise<void> {
    await this.intake.ingest(batch);
  }
}
