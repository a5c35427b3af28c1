import pc from 'picocolors';
import type { Counterexample, FileResult, RuleCheck, TestReport, TestResult } from './test-report.ts';

/**
 * The text `guard test` prints: a summary per test file with each failure explained (the failing
 * expectation, what happened, and for properties the shrunk counterexample as an example test and
 * the seed), the automatic checks, coverage when asked, and a last line with the totals and seed.
 */

export interface RenderOptions {
  readonly color: boolean;
  /** Print passing tests too, not only failures. */
  readonly verbose?: boolean;
}

type Colors = ReturnType<typeof pc.createColors>;

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : `${by}${l}`))
    .join('\n');
}

function testTitle(r: TestResult): string {
  return r.kind === 'example' ? `example "${r.test.name}"` : r.test.name.startsWith('for all') ? r.test.name : `property "${r.test.name}"`;
}

function where(r: TestResult): string {
  const l = r.test.location;
  return `${l.file}:${l.line}:${l.column}`;
}

function counterexampleText(c: Colors, ce: Counterexample, seedLine: string | null): string[] {
  const out = [`${c.bold('counterexample')}${ce.shrinks > 0 ? c.dim(` (shrunk ${ce.shrinks} time${ce.shrinks === 1 ? '' : 's'})`) : ''}:`, indent(ce.text.trimEnd(), '  ')];
  if (ce.detail !== '') out.push(`${c.dim('which gives:')} ${ce.detail}`);
  if (!ce.reproduces) out.push(c.yellow('note: this example leaves out details examples cannot write (values of unknown origin, say); run with --seed to see the generated account in full'));
  if (seedLine !== null) out.push(c.dim(seedLine));
  return out;
}

function renderResult(c: Colors, r: TestResult, report: TestReport, verbose: boolean): string[] {
  if (r.ok) {
    if (!verbose) return [];
    const extra =
      r.kind === 'property'
        ? c.dim(` (${r.runs} runs${r.meaningful < r.runs ? `, ${r.meaningful} with something to check` : ''})`)
        : c.dim(` (${r.test.expectations.length} expectation${r.test.expectations.length === 1 ? '' : 's'})`);
    return [`  ${c.green('✓')} ${testTitle(r)}${extra}`];
  }
  const out = [`  ${c.red('✗')} ${testTitle(r)} ${c.dim(where(r))}`];
  if (r.kind === 'example') {
    for (const f of r.failures) {
      out.push(`      ${f.expectation.text} ${c.dim(`(line ${f.expectation.location.line})`)}`);
      out.push(`        ${c.red('but')} ${f.detail}`);
    }
    return out;
  }
  if (r.problem !== null) {
    out.push(`      ${r.problem}`);
    return out;
  }
  const ce = r.counterexample;
  if (ce !== null) {
    out.push(`      ${r.test.expectation.text}: ${c.red('failed')} on a generated account`);
    const seedLine = r.test.seed === null ? `seed ${r.seed}: rerun with \`guard test --seed ${report.seed}\`` : `seed ${r.seed} (set in the test file)`;
    out.push(...counterexampleText(c, ce, seedLine).map((l) => indent(l, '      ')));
  }
  return out;
}

function renderFile(c: Colors, f: FileResult, report: TestReport, verbose: boolean): string[] {
  const passed = f.results.filter((r) => r.ok).length;
  const failed = f.results.length - passed;
  const counts = failed === 0 ? c.green(`${passed} passed`) : `${c.red(`${failed} failed`)}, ${passed} passed`;
  return [`${c.bold(f.path)}  ${counts}`, ...f.results.flatMap((r) => renderResult(c, r, report, verbose))];
}

function renderCheck(c: Colors, check: RuleCheck): string[] {
  const l = check.rule.location;
  const at = c.dim(`${l.file}:${l.line}:${l.column}`);
  const never = check.fails === null && check.passes === null;
  const unscoped = check.scopeNeverMatches;
  const message = unscoped
    ? `${check.rule.id}'s scope never matches: its \`where\` filter matched no entity of any example or generated account, so the rule checks nothing`
    : never
      ? `${check.rule.id} neither failed nor passed on any entity: no example and no generated account has ${check.rule.body.scope.collection.replace(/_/g, ' ')} it could judge`
      : check.fails === null
        ? `${check.rule.id} never fails: no example and no generated account makes it fire`
        : `${check.rule.id} always fails: it failed on every entity of every example and generated account`;
  const out = [`  ${c.red('✗')} ${message} ${at}`];
  const hint = unscoped
    ? 'check the filter for a typo in a name or value (`name = "nobdy"`), or add an example with an entity it matches'
    : never || check.fails === null
      ? 'check its condition for a typo or a contradiction, or add an example where it fails'
      : 'check its condition: it may be inverted; or add an example where it passes';
  out.push(`      ${c.cyan('hint')}: ${hint}`);
  if (check.illustration !== null) {
    out.push(`      ${check.fails === null ? 'an account where it passes' : 'an account where it fails'}:`);
    out.push(
      ...counterexampleText(c, check.illustration, null)
        .slice(1)
        .map((line) => indent(line, '      ')),
    );
  }
  return out;
}

export function renderTestReport(report: TestReport, options: RenderOptions): string {
  const c = pc.createColors(options.color);
  const verbose = options.verbose === true;
  const out: string[] = [];
  for (const f of report.files) out.push(...renderFile(c, f, report, verbose));
  const problems = report.checks.filter((k) => !k.ok);
  if (report.checks.length > 0) {
    out.push(
      `${c.bold('automatic checks')}  ${problems.length === 0 ? c.green(report.checks.length === 1 ? '1 rule can fail and can pass' : `${report.checks.length} rules can fail and can pass`) : `${c.red(`${problems.length} failed`)}, ${report.checks.length - problems.length} passed`}`,
    );
    for (const check of problems) out.push(...renderCheck(c, check));
  }
  const coverage = report.coverage;
  if (coverage !== null) {
    out.push(c.bold('coverage'));
    out.push(coverage.withoutExamples.length === 0 ? `  every rule has an example test` : `  rules without an example test (${coverage.withoutExamples.length}): ${coverage.withoutExamples.map((r) => r.id).join(', ')}`);
    if (coverage.untested.length > 0) out.push(`  rules no test names at all (${coverage.untested.length}): ${coverage.untested.map((r) => r.id).join(', ')}`);
    if (coverage.lines.length === 0) out.push('  every rule line was exercised');
    else {
      out.push(`  rule lines not fully exercised (${coverage.lines.length}):`);
      for (const line of coverage.lines) {
        out.push(`    ${c.dim(`${line.location.file}:${line.location.line}`)}  ${line.text}`);
        out.push(`      ${line.rule}: ${line.missing}`);
      }
    }
  }
  const tests = report.passed + report.files.reduce((n, f) => n + f.results.filter((r) => !r.ok).length, 0);
  const failedTests = tests - report.passed;
  const summary = [`${tests} test${tests === 1 ? '' : 's'}: ${report.passed} passed, ${failedTests} failed`];
  if (report.checks.length > 0) summary.push(`automatic checks: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${report.checks.length} rule${report.checks.length === 1 ? '' : 's'}`);
  summary.push(`seed ${report.seed}`);
  out.push((report.ok ? c.green : c.red)(summary.join('; ')));
  return `${out.join('\n')}\n`;
}
