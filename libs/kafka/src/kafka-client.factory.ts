import { Logger } from '@nestjs/common';
import { Kafka, logLevel as KafkaLogLevel, LogEntry } from 'kafkajs';

export interface KafkaConnectionOptions {
  brokers: string[];
  clientId: string;
  /** Most verbose Nest level to pass kafkajs logs through at (default `log`). */
  logLevel?: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
}

// kafkajs DEBUG is a protocol trace, so only `verbose` enables it.
const KAFKAJS_LEVEL: Record<NonNullable<KafkaConnectionOptions['logLevel']>, KafkaLogLevel> = {
  error: KafkaLogLevel.ERROR,
  warn: KafkaLogLevel.WARN,
  log: KafkaLogLevel.INFO,
  debug: KafkaLogLevel.INFO,
  verbose: KafkaLogLevel.DEBUG,
};

/** Routes kafkajs logs through the Nest logger so the apps have one log format. */
function nestLogCreator() {
  return ({ namespace, level, log }: LogEntry) => {
    const logger = new Logger(`kafkajs:${namespace}`);
    const { message, timestamp: _timestamp, logger: _name, ...extra } = log as Record<string, unknown>;
    const details = Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : '';
    const text = `${String(message)}${details}`;
    if (level === KafkaLogLevel.ERROR) logger.error(text);
    else if (level === KafkaLogLevel.WARN) logger.warn(text);
    else if (level === KafkaLogLevel.INFO) logger.log(text);
    else logger.verbose(text);
  };
}

export function createKafkaClient(options: KafkaConnectionOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: KAFKAJS_LEVEL[options.logLevel ?? 'log'],
    logCreator: () => nestLogCreator(),
    retry: { initialRetryTime: 300, retries: 8 },
  });
}
