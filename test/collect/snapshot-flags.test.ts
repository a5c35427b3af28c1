import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { snapshotCommand } from '../../src/cli/commands/snapshot.ts';
import { type CliIo, UsageError } from '../../src/cli/io.ts';

/** Runs `guard snapshot ARGS` in-process, handling errors as src/cli/main.ts does. No flag here reaches AWS. */
async function snapshot(args: readonly string[], io: Partial<CliIo> = {}): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  let code = 0;
  const fullIo: CliIo = {
    stdout: () => {},
    stderr: (text) => (stderr += text),
    env: {},
    stderrIsTTY: false,
    stdoutIsTTY: false,
    cwd: '/tmp',
    ...io,
  };
  const program = new Command('guard').exitOverride().configureOutput({ writeOut: () => {}, writeErr: fullIo.stderr });
  program.addCommand(
    snapshotCommand(fullIo, (c) => (code = c))
      .exitOverride()
      .configureOutput({ writeOut: () => {}, writeErr: fullIo.stderr }),
  );
  try {
    await program.parseAsync(['snapshot', ...args], { from: 'user' });
  } catch (caught) {
    if (caught instanceof CommanderError) return { code: caught.exitCode === 0 ? 0 : 2, stderr };
    if (caught instanceof UsageError) return { code: 2, stderr: `${stderr}guard: ${caught.message}\n` };
    throw caught;
  }
  return { code, stderr };
}

describe('guard snapshot flags', () => {
  it.each([
    [[], /^guard: where should the snapshot go\? pass --out FILE/],
    [['--org', '--out', 'x.json'], /--org writes one file per account: use --out-dir/],
    [['--org'], /--org needs --out-dir DIR/],
    [['--out-dir', 'snaps'], /--out-dir is for --org/],
    [['--out', 'x.json', '--concurrency', '0'], /--concurrency `0` must be a whole number from 1 to 32/],
    [['--out', 'x.json', '--max-attempts', 'many'], /--max-attempts `many` must be a whole number/],
    [['--out', 'x.json', '--timeout', 'soon'], /--timeout `soon` is not a duration such as 90s or 5m/],
    [['--out', 'x.json', '--timeout', '2h'], /is not a duration/],
    [['--out', 'x.json', '--call-timeout', 'never'], /--call-timeout `never` is not a duration/],
    [['--out', 'x.json', '--section-timeout', '500ms'], /--section-timeout `500ms` must be between 1s and 60m/],
    [['--out', 'x.json', '--endpoint-url', 'localhost:5000'], /--endpoint-url `localhost:5000` is not an http\(s\) URL/],
    [['--out', '-', '--gzip'], /--gzip with --out - is not supported/],
    [['--out', '/tmp'], /--out `\/tmp` is a directory/],
    [['--bogus'], /unknown option '--bogus'/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const result = await snapshot(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('refuses to print a snapshot to a terminal', async () => {
    const result = await snapshot(['--out', '-'], { stdoutIsTTY: true });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--out - writes megabytes of JSON/);
  });

  it('documents every flag in --help', async () => {
    const io: CliIo = { stdout: () => {}, stderr: () => {}, env: {}, stderrIsTTY: false, stdoutIsTTY: false, cwd: '/tmp' };
    const help = snapshotCommand(io, () => {}).helpInformation();
    for (const flag of [
      '--out',
      '--out-dir',
      '--profile',
      '--region',
      '--endpoint-url',
      '--org',
      '--role-name',
      '--concurrency',
      '--gzip',
      '--quiet',
      '--max-attempts',
      '--timeout',
      '--call-timeout',
      '--section-timeout',
    ]) {
      expect(help).toContain(flag);
    }
  });
});
