import { describe, expect, it } from 'vitest';
import { applyExceptionsFile, compareWithBaseline, parseBaseline, parseExceptionsFile } from '../../src/engine/index.ts';
import { renderJson, renderMarkdown } from '../../src/report/index.ts';
import { AWKWARD_NAMES, cleanResult, fixtureFindings, fixtureResult } from './fixtures.ts';

/** Cells of a GFM table row: split on `|` not preceded by a backslash. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/);
}

describe('renderMarkdown', () => {
  it('matches the snapshot for the fixture', async () => {
    await expect(renderMarkdown(fixtureResult())).toMatchFileSnapshot('./__snapshots__/markdown-fixture.md');
  });

  it('matches the snapshot with a baseline and an exceptions file', async () => {
    const baseline = parseBaseline(renderJson(fixtureResult(fixtureFindings().slice(0, 3))), 'guard-baseline.json');
    if (!baseline.ok) throw new Error('bad baseline');
    const file = parseExceptionsFile(
      [
        'exceptions:',
        '  - rule: users-unused',
        '    resource: "a,b:c%d"',
        '    owner: platform|team',
        '    reason: contractor returns in spring',
        '    ticket: SEC-1',
        '    expires: 2026-12-05',
        '  - rule: root-mfa',
        '    resource: "*"',
        '    owner: security',
        '    reason: old',
        '    expires: 2026-11-26',
        '  - rule: removed-rule',
        '    resource: bob',
        '    owner: security',
        '    reason: gone',
        '    expires: 2027-01-01',
        '',
      ].join('\n'),
      'guard-exceptions.yaml',
    );
    if (!file.ok) throw new Error('bad exceptions');
    const applied = applyExceptionsFile(fixtureResult(), file.value.entries, Date.parse('2026-11-27T10:00:00Z'));
    const markdown = renderMarkdown(applied.result, { baseline: compareWithBaseline(applied.result, baseline.value), exceptions: applied, expiringWithinMs: 14 * 86_400_000 });
    await expect(markdown).toMatchFileSnapshot('./__snapshots__/markdown-gate.md');
    expect(markdown).toContain('### Expired exceptions');
    expect(markdown).toContain('### Exceptions expiring soon');
    expect(markdown).toContain('Stale exceptions: 1');
  });

  it('lists severities most severe first and rules in that order', () => {
    const md = renderMarkdown(fixtureResult());
    const table = md.split('\n').filter((l) => /^\| (critical|high|medium|low|info) \|/.test(l));
    expect(table.map((l) => cells(l)[0]?.trim())).toEqual(['critical', 'high', 'medium', 'low', 'info']);
    const headings = md.split('\n').filter((l) => l.startsWith('#### '));
    expect(headings.map((h) => h.split(' ')[1])).toEqual(['critical', 'high', 'medium', 'low', 'info']);
  });

  it('keeps every table row at its column count whatever the names contain', () => {
    const md = renderMarkdown(fixtureResult());
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    const byHeader = new Map<string, number>();
    let width = 0;
    for (const row of rows) {
      if (row.startsWith('| Severity') || row.startsWith('| Status')) width = cells(row).length;
      expect(cells(row).length, row).toBe(width);
      byHeader.set(row, width);
    }
    for (const name of AWKWARD_NAMES.slice(0, 2)) expect(md).not.toContain(name);
    expect(md).toContain('user line break %0A');
    expect(md).toContain('weird\\|name&amp;&lt;x&gt;"\'');
    expect(md).toContain('back\\`tick\\`\\|\\`');
  });

  it('folds long lists into <details>', () => {
    const md = renderMarkdown(fixtureResult());
    expect(md).toContain('<details><summary>14 findings (14 failing)</summary>');
    expect(renderMarkdown(fixtureResult(), { foldAfter: 100 })).not.toContain('14 findings');
    expect(renderMarkdown(fixtureResult(), { maxRowsPerRule: 5 })).toContain('… and 9 more');
  });

  it('says so when nothing fails', () => {
    const md = renderMarkdown(cleanResult());
    expect(md).toContain('**no failing findings**');
    expect(md).not.toContain('### Findings');
  });
});
