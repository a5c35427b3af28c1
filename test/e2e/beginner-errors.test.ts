import { describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.ts';

/**
 * The mistakes newcomers make most, one rule file each (test/fixtures/beginner-errors/, listed in
 * its README), with the exact message and hint `guard check` gives: each hint names the fix. The
 * files end in `.guard.txt` so that the library-wide tests (derived ids, formatting) leave them out.
 */
const DIR = 'test/fixtures/beginner-errors';

/** File, then its diagnostics' lines (`line:col: severity: message [code]` and `  hint: ...`). */
const EXPECTED: readonly (readonly [string, readonly string[]])[] = [
  ['01-unquoted-action.guard.txt', ['1:25: error: expected end of line but found `:` [syntax/unexpected-token]', '  hint: actions are strings: write `"iam:PassRole"` in double quotes']],
  [
    '02-have-all.guard.txt',
    ["1:17: error: expected a name, 'no', 'at least', 'at most' or 'exactly' but found `all` [syntax/unexpected-token]", '  hint: `all` is a condition of its own: drop `have`, `all access keys where active`'],
  ],
  ['03-double-equals.guard.txt', ['1:19: error: expected a value or a name but found `=` [syntax/unexpected-token]', '  hint: equality is a single `=` (and `!=` for not equal)']],
  ['04-sql-not-equal.guard.txt', ['1:19: error: expected a value or a name but found `>` [syntax/unexpected-token]', '  hint: not equal is written `!=`']],
  ['05-header-without-colon.guard.txt', ["2:3: error: expected ':' but found `root` [syntax/unexpected-token]", '  hint: a rule header ends with `:`, as in `rule root-mfa severity high:`']],
  ['06-body-not-indented.guard.txt', ['1:29: error: expected a name but found end of line [syntax/unexpected-token]', "  hint: the rule's statement goes on the next line, indented under its header"]],
  ['07-misspelled-collection.guard.txt', ['1:1: error: unknown collection `usres` [check/unknown-collection]', '  hint: did you mean `users`?']],
  ['08-misspelled-attribute.guard.txt', ['1:17: error: user has no attribute `mfaa` [check/unknown-attribute]', '  hint: did you mean `mfa`?']],
  ['09-duration-without-unit.guard.txt', ['1:19: error: `age` is a duration, so `>` cannot take a number [check/type-mismatch]', '  hint: durations need a unit, such as `90d`, `12h` or `2w`']],
  ['10-string-for-list.guard.txt', ['1:13: error: `name` is a string, so `in` cannot take a string [check/type-mismatch]', '  hint: write a list: `["a", "b"]`']],
  ['11-curly-quotes.guard.txt', ['1:20: error: `alice` is in typographic quotes: use straight double quotes `"` [syntax/unexpected-character]', '  hint: write `"alice"`']],
  ['12-single-quotes.guard.txt', ['1:20: error: `alice` is in single quotes: use straight double quotes `"` [syntax/unexpected-character]', '  hint: write `"alice"`']],
  ['13-must-be.guard.txt', ['1:12: error: user has no attribute `be mfa` [check/unknown-attribute]', '  hint: attributes follow `have`: write `have mfa`']],
  ['14-c-operators.guard.txt', ['1:21: error: unexpected characters `&&` [syntax/unexpected-character]', '  hint: write `and` to join conditions']],
  [
    '15-date-with-slashes.guard.txt',
    [
      '1:33: error: unexpected character `/` [syntax/unexpected-character]',
      '  hint: dates are written year-month-day with hyphens: `2024-01-01`',
      '1:36: error: unexpected character `/` [syntax/unexpected-character]',
      '  hint: dates are written year-month-day with hyphens: `2024-01-01`',
    ],
  ],
  ['16-unknown-severity.guard.txt', ['1:24: error: unknown severity `urgent` [check/bad-metadata]', '  hint: use one of critical, high, medium, low, info']],
  [
    '20-keyword-as-name.guard.txt',
    [
      '1:5: error: expected a name but found `on` [syntax/unexpected-token]',
      '  hint: `on` is a keyword, so it cannot name a let: choose another name, such as `on_list`',
      '2:16: error: expected a condition but found `on` [syntax/unexpected-token]',
      '  hint: `on` is a keyword, so it cannot be a let, param or attribute name: name the let or param something else',
    ],
  ],
];

function messages(stderr: string, file: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => / (error|warning): /.test(line) || line.startsWith('  hint: '))
    .map((line) => line.replace(`${DIR}/${file}:`, ''));
}

describe('beginner errors', () => {
  for (const [file, expected] of EXPECTED) {
    it(`${file}: a located message whose hint names the fix, exit 2`, async () => {
      const run = await runMain(['check', `${DIR}/${file}`]);
      expect(messages(run.stderr, file)).toEqual(expected);
      expect(run.code).toBe(2);
    });
  }

  it('a UTF-8 byte-order mark and tab indentation are accepted', async () => {
    for (const file of ['17-byte-order-mark.guard.txt', '18-tab-indentation.guard.txt']) {
      const run = await runMain(['check', `${DIR}/${file}`]);
      expect(run).toEqual({ code: 0, stdout: '1 rule in 1 file: ok\n', stderr: '' });
    }
  });

  it('a filter that matches nothing checks clean, and eval says its scope is empty (and fails with --fail-on empty)', async () => {
    const file = `${DIR}/19-filter-matches-nothing.guard.txt`;
    expect((await runMain(['check', file])).code).toBe(0);
    const run = await runMain(['eval', file, '--snapshot', 'test/fixtures/snapshots/small.json']);
    expect(run.stdout).toContain(`EMPTY scope matched nothing: its \`where\` filter matched none of the collection — mfa-for-nobody (${file}:1)\n`);
    expect(run.code).toBe(0);
    expect((await runMain(['eval', file, '--snapshot', 'test/fixtures/snapshots/small.json', '--fail-on', 'empty'])).code).toBe(1);
  });
});
