import { BaseRpcContext } from '@nestjs/microservices';

/** One consumed message as the batch handlers see it. */
export interface KafkaBatchMessage {
  offset: string;
  key: string | null;
  value: Buffer | null;
  /** Milliseconds since the epoch (broker or producer time), as a string. */
  timestamp: string;
  /** Header values decoded as UTF-8; a repeated header keeps its last value. */
  headers: Record<string, string>;
}

/** The payload of an `@EventPattern` handler served by KafkaBatchServer: consecutive messages of one partition. */
export interface KafkaBatch {
  topic: string;
  partition: number;
  messages: KafkaBatchMessage[];
}

type KafkaBatchContextArgs = [topic: string, partition: number, heartbeat: () => Promise<void>];

/** `@Ctx()` of a batch handler: the partition, and a heartbeat to call during very long work. */
export class KafkaBatchContext extends BaseRpcContext<KafkaBatchContextArgs> {
  getTopic(): string {
    return this.args[0];
  }

  getPartition(): number {
    return this.args[1];
  }

  heartbeat(): Promise<void> {
    return this.args[2]();
  }
}
