// replay.md "Command": the flags of `cost replay`, and a clear error naming what is wrong for each bad argument.
import { ReplayArgsError, parseReplayArgs } from './replay-args';

describe('parseReplayArgs', () => {
  it('reads --flag value and --flag=value forms, with json as the default format', () => {
    expect(parseReplayArgs(['--events', 'e.jsonl', '--rates=r.json'])).toEqual({
      events: 'e.jsonl',
      rates: 'r.json',
      asOf: null,
      format: 'json',
    });
    const args = parseReplayArgs([
      '--rates',
      'r.json',
      '--events',
      '-',
      '--as-of',
      '2026-11-02T18:00:00Z',
      '--format',
      'csv',
    ]);
    expect(args).toMatchObject({ events: '-', rates: 'r.json', format: 'csv' });
    expect(args.asOf).toBe(1793642400n * 10n ** 18n);
  });

  it('reads --as-of with an offset and a fraction exactly', () => {
    const args = parseReplayArgs(['--events', 'e', '--rates', 'r', '--as-of', '2026-11-02T13:00:00.5-05:00']);
    expect(args.asOf).toBe(1793642400n * 10n ** 18n + 5n * 10n ** 17n);
    expect(args).not.toHaveProperty('asOfSubAttoseconds');
  });

  it('keeps the digits of --as-of below the attosecond apart', () => {
    const fraction = '0'.repeat(17) + '1' + '25';
    const args = parseReplayArgs(['--events', 'e', '--rates', 'r', '--as-of', `2026-11-02T18:00:00.${fraction}Z`]);
    expect(args.asOf).toBe(1793642400n * 10n ** 18n + 1n);
    expect(args.asOfSubAttoseconds).toBe('25');
  });

  it.each<[string, string[], RegExp]>([
    ['missing --events', ['--rates', 'r.json'], /--events/],
    ['missing --rates', ['--events', 'e.jsonl'], /--rates/],
    ['an unknown flag', ['--events', 'e', '--rates', 'r', '--verbose'], /--verbose/],
    ['a stray positional argument', ['--events', 'e', '--rates', 'r', 'extra'], /extra/],
    ['a bad --as-of (no zone)', ['--events', 'e', '--rates', 'r', '--as-of', '2026-11-02T18:00:00'], /--as-of/],
    ['a bad --as-of (not a time)', ['--events', 'e', '--rates', 'r', '--as-of', 'yesterday'], /--as-of/],
    ['a bad --format', ['--events', 'e', '--rates', 'r', '--format', 'xml'], /--format/],
    ['a flag given twice', ['--events', 'a', '--events', 'b', '--rates', 'r'], /--events/],
    ['a flag without its value', ['--events', 'e', '--rates'], /--rates/],
    ['a flag followed by another flag', ['--events', '--rates', 'r'], /--events/],
    ['an empty value', ['--events=', '--rates', 'r'], /--events/],
  ])('rejects %s with a ReplayArgsError naming it', (_label, argv, names) => {
    let error: unknown;
    try {
      parseReplayArgs(argv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ReplayArgsError);
    expect((error as Error).message).toMatch(names);
    expect((error as Error).message).not.toContain('\n');
  });
});
