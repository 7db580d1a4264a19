import { ConsoleLogger, LogLevel } from '@nestjs/common';

/**
 * The CLI's logger for library logs (kafkajs, TypeORM): warnings and errors only, all on standard error, so that
 * standard output carries only a command's result (an API key, a summary, a replay report).
 */
export class StderrLogger extends ConsoleLogger {
  constructor() {
    super({ logLevels: ['error', 'warn'] });
  }

  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    _writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
  ): void {
    super.printMessages(messages, context, logLevel, 'stderr', errorStack);
  }
}
