import { runReplayCommand } from '@contact-cost/replay';

const USAGE = 'usage: cost <replay|simulate> [options]  (cost replay --help for details)';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  switch (command) {
    case 'replay':
      return runReplayCommand(rest, io);
    default:
      process.stderr.write(`cost: unknown command ${JSON.stringify(command ?? '')}; ${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`cost: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
