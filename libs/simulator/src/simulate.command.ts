// `simulate`: generate the stream, write the JSONL and rate-card files, publish paced batches, print statistics.

import * as fs from 'node:fs';
import { generateMessages } from './message-stream.generator';
import { simulatorRateCards } from './rate-cards.generator';
import { SimulatedMessage } from './simulated-message';
import { parseSimulatorArgs, SimulatorArgsError } from './simulator-args.parser';
import { SIMULATOR_USAGE, SimulatorOptions } from './simulator-options';
import { formatSimulatorStats } from './simulator-stats';

export interface TextSink {
  write(text: string): unknown;
}

export interface SimulateCommandDeps {
  /** Publishes one batch to Kafka (wired by the app); not called with --no-kafka. */
  publish?: (batch: SimulatedMessage[]) => Promise<void>;
  /** Receives every message's value (one JSONL line, without newline) in emission order, beside --out. */
  writeLine?: (line: string) => void;
  stdout: TextSink;
  stderr: TextSink;
  /** Clock and timer for pacing (tests replace them). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const PUBLISH_BATCH_SIZE = 500;
const FILE_CHUNK_CHARS = 1 << 20;

/** Batch size for a rate: about ten batches a second at low rates, never more than PUBLISH_BATCH_SIZE. */
export function publishBatchSize(rate: SimulatorOptions['rate']): number {
  return rate === 'max' ? PUBLISH_BATCH_SIZE : Math.max(1, Math.min(PUBLISH_BATCH_SIZE, Math.ceil(rate / 10)));
}

class CommandFailure extends Error {}

/** Appends lines to a file in large synchronous chunks (fast, and errors surface where they happen). */
class JsonlFile {
  private readonly fd: number;
  private chunk: string[] = [];
  private chars = 0;
  lines = 0;

  constructor(readonly path: string) {
    try {
      this.fd = fs.openSync(path, 'w');
    } catch (error) {
      throw new CommandFailure(`cannot write --out ${path}: ${(error as Error).message}`);
    }
  }

  add(line: string): void {
    this.chunk.push(line);
    this.chars += line.length + 1;
    this.lines++;
    if (this.chars >= FILE_CHUNK_CHARS) this.flush();
  }

  flush(): void {
    if (this.chunk.length === 0) return;
    const text = this.chunk.join('\n') + '\n';
    this.chunk = [];
    this.chars = 0;
    try {
      fs.writeSync(this.fd, text);
    } catch (error) {
      throw new CommandFailure(`cannot write --out ${this.path}: ${(error as Error).message}`);
    }
  }

  close(): void {
    try {
      this.flush();
    } finally {
      fs.closeSync(this.fd);
    }
  }
}

/** Runs `simulate` with the arguments after the command name; returns the exit code (0 ok, 1 failure, 2 usage). */
export async function runSimulateCommand(argv: readonly string[], deps: SimulateCommandDeps): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    deps.stdout.write(SIMULATOR_USAGE + '\n');
    return 0;
  }
  let options: SimulatorOptions;
  try {
    options = parseSimulatorArgs(argv);
  } catch (error) {
    if (error instanceof SimulatorArgsError) {
      deps.stderr.write(`simulate: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const publish = options.kafka ? deps.publish : undefined;
  if (options.kafka && !publish) {
    deps.stderr.write('simulate: no Kafka publisher is available here; pass --no-kafka to write files only\n');
    return 2;
  }
  const now = deps.now ?? (() => Date.now());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  let file: JsonlFile | null = null;
  let published = 0;
  try {
    if (options.ratesOut !== null) {
      try {
        fs.writeFileSync(options.ratesOut, JSON.stringify(simulatorRateCards(options), null, 2) + '\n');
      } catch (error) {
        throw new CommandFailure(`cannot write --rates-out ${options.ratesOut}: ${(error as Error).message}`);
      }
    }
    if (options.out !== null) file = new JsonlFile(options.out);
    const stream = generateMessages(options);
    const batchSize = publishBatchSize(options.rate);
    const startedAt = now();
    let batch: SimulatedMessage[] = [];
    const flushBatch = async () => {
      if (!publish || batch.length === 0) return;
      const sending = batch;
      batch = [];
      try {
        await publish(sending);
      } catch (error) {
        throw new CommandFailure(`publishing failed after ${published} messages: ${(error as Error).message}`);
      }
      published += sending.length;
      if (options.rate !== 'max') {
        const wait = startedAt + (published * 1000) / options.rate - now();
        if (wait > 0) await sleep(wait);
      }
    };
    for (const message of stream) {
      file?.add(message.value);
      deps.writeLine?.(message.value);
      if (publish) {
        batch.push(message);
        if (batch.length >= batchSize) await flushBatch();
      }
    }
    await flushBatch();
    file?.close();
    const written = file ? `\n  wrote ${file.lines} lines to ${file.path}` : '';
    file = null;
    const rates = options.ratesOut !== null ? `\n  wrote rate cards to ${options.ratesOut}` : '';
    const sent = publish ? `\n  published ${published} messages to Kafka` : '';
    deps.stdout.write(formatSimulatorStats(stream.stats) + written + rates + sent + '\n');
    return 0;
  } catch (error) {
    if (file) {
      try {
        file.close();
      } catch {
        // the original failure is the one to report
      }
    }
    const reason = error instanceof CommandFailure ? error.message : `failed: ${(error as Error).message}`;
    deps.stderr.write(`simulate: ${reason}\n`);
    return 1;
  }
}
