import * as os from 'node:os';

/** The machine a benchmark ran on, printed beside its figures. */
export function describeMachine(): string {
  const cpus = os.cpus();
  return [
    `machine: ${cpus[0]?.model ?? 'unknown cpu'} × ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `node ${process.version} on ${os.type()} ${os.release()} (${os.arch()})`,
  ].join('\n');
}
