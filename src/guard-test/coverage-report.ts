/** Coverage of a `guard test` run: rules without tests, conditions never both true and false, exceptions never applied. */
import { lineColumnAt, lineTextAt } from '../diagnostics/index.ts';
import { FALSE, offReason, TRUE, UNKNOWN_TRI } from '../engine/index.ts';
import type { CheckedProgram } from '../semantics/index.ts';
import type { CheckedSuite, Location } from './check-tests.ts';
import type { Observer } from './observer.ts';
import type { CoverageLine, CoverageReport } from './test-report.ts';

export function coverageReport(suite: CheckedSuite, program: CheckedProgram, observer: Observer, sources: ReadonlyMap<string, string>): CoverageReport {
  const inExamples = new Set<string>();
  const inAny = new Set<string>();
  for (const file of suite.files) {
    for (const test of file.tests) {
      const expectations = test.kind === 'example' ? test.expectations : [test.expectation];
      for (const e of expectations) {
        inAny.add(e.rule.id);
        if (test.kind === 'example') inExamples.add(e.rule.id);
      }
    }
  }
  const lines: CoverageLine[] = [];
  const at = (file: string, offset: number): { location: Location; text: string } => {
    const text = sources.get(file);
    if (text === undefined) return { location: { file, line: 0, column: 0 }, text: '' };
    const { line, column } = lineColumnAt(text, offset);
    return { location: { file, line, column }, text: lineTextAt(text, offset).trim() };
  };
  for (const rule of program.rules) {
    const cov = observer.coverage?.get(rule.id);
    if (cov === undefined || offReason(rule) !== null) continue;
    if (cov.evaluated === 0) {
      const text = sources.get(rule.location.file);
      lines.push({ location: rule.location, text: text === undefined ? rule.sourceLine : lineTextAt(text, rule.source.span.start).trim(), rule: rule.id, missing: 'no test evaluated this rule on any entity' });
      continue;
    }
    const byLine = new Map<string, { location: Location; text: string; missing: string[] }>();
    for (const leaf of cov.leaves) {
      const missing = [!leaf.seen.has(TRUE) ? 'true' : null, !leaf.seen.has(FALSE) ? 'false' : null].filter((x) => x !== null);
      if (missing.length === 0) continue;
      const where = at(leaf.condition.span.file, leaf.condition.span.start);
      const key = `${where.location.file}:${where.location.line}`;
      const entry = byLine.get(key) ?? { ...where, missing: [] };
      const part = sources.get(leaf.condition.span.file)?.slice(leaf.condition.span.start, leaf.condition.span.end) ?? '';
      const unknownOnly = leaf.seen.size === 1 && leaf.seen.has(UNKNOWN_TRI);
      entry.missing.push(`\`${part}\` was never ${unknownOnly ? 'known' : missing.join(' nor ')}`);
      byLine.set(key, entry);
    }
    for (const entry of byLine.values()) lines.push({ location: entry.location, text: entry.text, rule: rule.id, missing: entry.missing.join('; ') });
    for (const exception of rule.exceptions) {
      if (cov.applied.has(exception.location.line)) continue;
      const text = sources.get(exception.location.file);
      lines.push({ location: exception.location, text: text === undefined ? '' : lineTextAt(text, exception.span.start).trim(), rule: rule.id, missing: 'this exception never waived a finding in any test' });
    }
  }
  lines.sort((a, b) => (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : a.location.line - b.location.line));
  return {
    withoutExamples: program.rules.filter((r) => !inExamples.has(r.id)),
    untested: program.rules.filter((r) => !inAny.has(r.id)),
    lines,
  };
}
