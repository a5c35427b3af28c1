import { describe, expect, it } from 'vitest';
import { MAX_DIAGNOSTICS_PER_FILE } from '../../src/diagnostics/index.ts';
import { COLLECTIONS, ENTITY_TYPES, SCHEMA } from '../../src/model/index.ts';
import { checkSources, parseTestSources, type Schema } from '../../src/semantics/index.ts';

const where = (d: { code: string; span: { file: string; start: number } | null }): string => `${d.span?.file ?? '-'}@${d.span?.start ?? '-'} ${d.code}`;

describe('checkSources', () => {
  it('checks several files as one program: rules of every file, in file order', () => {
    const checked = checkSources([
      { path: 'b.guard', text: 'root must have mfa\n' },
      { path: 'a.guard', text: 'rule stale: users unused > 90d denied\n' },
    ]);
    expect(checked.diagnostics).toEqual([]);
    expect(checked.program?.rules.map((r) => `${r.location.file} ${r.id}`)).toEqual(['b.guard root-must-have-mfa', 'a.guard stale']);
  });

  it('gives parse and check diagnostics of every file together, sorted by file and position, and no program', () => {
    const checked = checkSources([
      { path: 'b.guard', text: 'users where bogus denied\nroot must have mfa and\n' },
      { path: 'a.guard', text: 'root must have mfa\nrule root-must-have-mfa: users denied\nlet unused = 3\n' },
    ]);
    expect(checked.program).toBeNull();
    expect(checked.diagnostics.map(where)).toEqual(['a.guard@24 check/duplicate-rule', 'a.guard@61 check/unused-name', 'b.guard@12 check/unknown-attribute', 'b.guard@47 syntax/unexpected-token']);
  });

  it('keeps the program when there are only warnings', () => {
    const checked = checkSources([{ path: 'w.guard', text: 'let spare = 3\nroot must have mfa\n' }]);
    expect(checked.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(['warning check/unused-name']);
    expect(checked.program?.rules).toHaveLength(1);
  });

  it('caps each stage at MAX_DIAGNOSTICS_PER_FILE errors per file', () => {
    const text = Array.from({ length: 3 * MAX_DIAGNOSTICS_PER_FILE }, (_, i) => `users where bogus${i} denied\n`).join('');
    const checked = checkSources([
      { path: 'many.guard', text },
      { path: 'more.guard', text },
    ]);
    expect(checked.diagnostics.filter((d) => d.span?.file === 'many.guard')).toHaveLength(MAX_DIAGNOSTICS_PER_FILE);
    expect(checked.diagnostics.filter((d) => d.span?.file === 'more.guard')).toHaveLength(MAX_DIAGNOSTICS_PER_FILE);
  });

  it('applies --param overrides across files, and reports a bad one', () => {
    const files = [
      { path: 'p.guard', text: 'param max_age = 90d\n' },
      { path: 'r.guard', text: 'param max_age = 90d\nusers unused > max_age denied\n' },
    ];
    const days = (n: number): string => String(n * 86_400_000);
    expect(JSON.stringify(checkSources(files).program?.rules)).toContain(days(90));
    const overridden = checkSources(files, { params: { max_age: '30d' } });
    expect(overridden.diagnostics).toEqual([]);
    expect(JSON.stringify(overridden.program?.rules)).toContain(days(30));
    expect(JSON.stringify(overridden.program?.rules)).not.toContain(days(90));
    const bad = checkSources(files, { params: { max_age: 'soon' } });
    expect(bad.program).toBeNull();
    expect(bad.diagnostics.map((d) => d.code)).toContain('usage/bad-param');
  });

  it('checks against the schema given, the language schema by default', () => {
    const noUsers: Schema = { collections: COLLECTIONS.filter((c) => c.name !== 'users'), entityTypes: ENTITY_TYPES };
    const text = [{ path: 'u.guard', text: 'users must have mfa\n' }];
    expect(checkSources(text).program).not.toBeNull();
    expect(checkSources(text, { schema: SCHEMA }).program).not.toBeNull();
    expect(checkSources(text, { schema: noUsers }).diagnostics.map((d) => d.code)).toEqual(['check/unknown-collection']);
  });
});

describe('parseTestSources', () => {
  it('parses every test file, in order, with their diagnostics sorted by file', () => {
    const parsed = parseTestSources([
      { path: 'b.test.guard', text: 'example "ok":\n  root with mfa\n  user "alice"\n  expect root-must-have-mfa passes\n' },
      { path: 'a.test.guard', text: 'example "broken\n' },
    ]);
    expect(parsed.tests.map((t) => t.ast.path)).toEqual(['b.test.guard', 'a.test.guard']);
    expect(parsed.tests[0]?.text).toContain('alice');
    expect(parsed.diagnostics.map((d) => `${d.span?.file} ${d.code}`)).toEqual(['a.test.guard syntax/unterminated-string']);
  });
});
