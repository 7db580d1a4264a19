import { REJECTION_REASONS, TENANT_PATTERN } from '@contact-cost/contracts';
import { INTERNAL_ERROR_REASON } from './dead-letter';
import { RedriveError, RedriveRequest, RedriveSummary } from './dead-letter.redriver';

export const DEAD_LETTERS_USAGE = `usage: cost dead-letters redrive [--reason REASON] [--tenant TENANT] [--group GROUP] [--dry-run]
  Reads the dead-letter topic from where the last run (of the same filter) stopped, re-checks each message against
  the current RATE_CARDS_FILE, re-publishes the now-valid ones to their original topic with their original key, and
  leaves the still-invalid ones (counted by reason). Restart the pipeline with the same rate-card file first, or it
  rejects the re-published events again.
  --reason REASON   only dead letters rejected for REASON (${[...REJECTION_REASONS, INTERNAL_ERROR_REASON].join(', ')})
  --tenant TENANT   only dead letters of TENANT
  --group GROUP     consumer group keeping the position (default: CONSUMER_GROUP.redrive[.reason-R][.tenant-T]);
                    a new group examines the whole topic again (events already stored are dropped as duplicates)
  --dry-run         report what would be re-published; publish and commit nothing`;

const KAFKA_NAME = /^[A-Za-z0-9._-]{1,249}$/;

export interface DeadLettersCommandDeps {
  redrive(request: RedriveRequest): Promise<RedriveSummary>;
  /** Standard output (the summary) and standard error (usage and problems). */
  print(line: string): void;
  printError(line: string): void;
}

export type DeadLettersArgs = { ok: true; request: RedriveRequest } | { ok: false; help: boolean; problem?: string };

/** Parses the arguments after `dead-letters`. */
export function parseDeadLettersArgs(argv: string[]): DeadLettersArgs {
  const [action, ...rest] = argv;
  if (action === '--help' || action === '-h') return { ok: false, help: true };
  if (action === undefined) return { ok: false, help: false, problem: 'missing action' };
  if (action !== 'redrive') return { ok: false, help: false, problem: `unknown dead-letters action "${action}"` };
  const request: RedriveRequest = { filter: {}, dryRun: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = () => inline ?? rest[++i];
    if (flag === '--help' || flag === '-h') return { ok: false, help: true };
    if (flag === '--dry-run' && inline === undefined) request.dryRun = true;
    else if (flag === '--reason') {
      const reason = value();
      const known: readonly string[] = [...REJECTION_REASONS, INTERNAL_ERROR_REASON];
      if (reason === undefined || !known.includes(reason)) {
        return {
          ok: false,
          help: false,
          problem: `--reason ${JSON.stringify(reason ?? '')} is not one of ${known.join(', ')}`,
        };
      }
      request.filter.reason = reason;
    } else if (flag === '--tenant') {
      const tenant = value();
      if (tenant === undefined || !TENANT_PATTERN.test(tenant)) {
        return {
          ok: false,
          help: false,
          problem: `--tenant ${JSON.stringify(tenant ?? '')} is not a tenant (${TENANT_PATTERN.source})`,
        };
      }
      request.filter.tenant = tenant;
    } else if (flag === '--group') {
      const group = value();
      if (group === undefined || !KAFKA_NAME.test(group)) {
        return {
          ok: false,
          help: false,
          problem: `--group ${JSON.stringify(group ?? '')} is not a valid Kafka group name`,
        };
      }
      request.groupId = group;
    } else return { ok: false, help: false, problem: `unknown argument "${arg}"` };
  }
  return { ok: true, request };
}

/** The summary printed by `cost dead-letters redrive`. */
export function formatRedriveSummary(summary: RedriveSummary): string[] {
  const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
  const list = (counts: Record<string, number>) => {
    const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
    return entries.length > 0 ? ` (${entries.map(([name, n]) => `${name} ${n}`).join(', ')})` : '';
  };
  const verb = summary.dryRun ? 'would re-publish' : 're-published';
  return [
    `${summary.dryRun ? 'dry run: nothing published or committed; ' : ''}consumer group ${summary.groupId}: ` +
      `read ${summary.read} dead letter(s)`,
    `${verb}: ${total(summary.republished)}${list(summary.republished)}`,
    `still invalid: ${total(summary.stillInvalid)}${list(summary.stillInvalid)}`,
    `skipped by the filter: ${summary.skipped}`,
  ];
}

/** `cost dead-letters redrive …`; `argv` starts after `dead-letters`. Returns the process exit code. */
export async function runDeadLettersCommand(argv: string[], deps: DeadLettersCommandDeps): Promise<number> {
  const args = parseDeadLettersArgs(argv);
  if (!args.ok) {
    if (args.help) {
      deps.print(DEAD_LETTERS_USAGE);
      return 0;
    }
    deps.printError(`${args.problem}\n${DEAD_LETTERS_USAGE}`);
    return 2;
  }
  let summary: RedriveSummary;
  try {
    summary = await deps.redrive(args.request);
  } catch (error) {
    deps.printError(`dead-letter re-drive failed: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof RedriveError) {
      deps.printError('done before the failure (committed):');
      for (const line of formatRedriveSummary(error.summary)) deps.printError(`  ${line}`);
    }
    return 1;
  }
  for (const line of formatRedriveSummary(summary)) deps.print(line);
  return 0;
}
