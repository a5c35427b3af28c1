import fc from 'fast-check';
import { lineColumnAt, lineTextAt } from '../diagnostics/index.ts';
import { compileCondition, compileProgram, type EvaluationResult, evaluate, FALSE, offReason, type PermissionEnv, type Predicate, TRUE, type Tri, UNKNOWN_TRI } from '../engine/index.ts';
import { type Entity, type Model, normalizeSnapshot, parseSnapshot, ROOT_ROW_USER } from '../model/index.ts';
import type { CheckedCondition, CheckedProgram, CheckedRule } from '../semantics/index.ts';
import { type ExampleLine, parseTestFile, printExampleTest, type TestOutcome } from '../syntax/index.ts';
import { accountView } from './account-view.ts';
import { buildSnapshot } from './build-snapshot.ts';
import type { CheckedExample, CheckedExpectation, CheckedProperty, CheckedSuite, Location } from './check-tests.ts';
import { describeModel, exampleOfModel } from './describe-model.ts';
import { defaultAccounts, exampleAccounts, modelOf } from './generated-accounts.ts';
import { describeEntity, judge, outcomeWords } from './judge.ts';
import { resolveExample } from './resolve-example.ts';

/**
 * Runs a checked suite: example tests on their accounts, property tests with fast-check on
 * generated accounts (shrinking a failure to a small account printed as an example test), the
 * automatic checks (every rule can fail and can pass), and, when asked, coverage.
 */

export interface RunOptions {
  /** The run's seed: properties without their own seed and the automatic checks use it. */
  readonly seed: number;
  /** Runs per property without its own `runs`. */
  readonly runs: number;
  /** Whether to run the automatic checks on every rule. */
  readonly autoChecks: boolean;
  /** Generated accounts per automatic check (default: twice `runs`). */
  readonly autoRuns?: number;
  readonly coverage: boolean;
  /** Generated accounts as raw snapshot documents (default: defaultAccounts()). */
  readonly accounts?: fc.Arbitrary<unknown>;
  /** Rule-file texts by path, for coverage lines. */
  readonly ruleSources?: ReadonlyMap<string, string>;
}

export interface Counterexample {
  /** An example test (test-file syntax) that reproduces the failure, ready to paste. */
  readonly text: string;
  /** Whether that example, built again, still shows the failure (false: it lost something examples cannot say). */
  readonly reproduces: boolean;
  /** What went wrong on it. */
  readonly detail: string;
  readonly shrinks: number;
  /** The generated snapshot document itself. */
  readonly document: unknown;
}

export interface ExpectationFailure {
  readonly expectation: CheckedExpectation;
  readonly detail: string;
}

export interface ExampleResult {
  readonly kind: 'example';
  readonly test: CheckedExample;
  readonly ok: boolean;
  readonly failures: readonly ExpectationFailure[];
}

export interface PropertyResult {
  readonly kind: 'property';
  readonly test: CheckedProperty;
  readonly ok: boolean;
  readonly runs: number;
  readonly skipped: number;
  /** Runs whose account met the condition and had something to check. */
  readonly meaningful: number;
  readonly seed: number;
  readonly counterexample: Counterexample | null;
  /** A failure without a counterexample: the condition was too rare, or the property threw. */
  readonly problem: string | null;
}

export type TestResult = ExampleResult | PropertyResult;

export interface FileResult {
  readonly path: string;
  readonly results: readonly TestResult[];
}

export interface RuleCheck {
  readonly rule: CheckedRule;
  /** Where the rule was seen to fail (resp. pass) on some entity; null when never. */
  readonly fails: 'example' | 'property' | 'generated' | null;
  readonly passes: 'example' | 'property' | 'generated' | null;
  /**
   * A `must` rule with a `where` filter that no entity of any example or generated account
   * matched: the rule checks nothing (for a `denied` rule that is "never fails", said as such).
   */
  readonly scopeNeverMatches: boolean;
  readonly ok: boolean;
  /** An account showing the problem: where it passes (never fails) or fails (always fails). */
  readonly illustration: Counterexample | null;
}

export interface CoverageLine {
  readonly location: Location;
  readonly text: string;
  readonly rule: string;
  readonly missing: string;
}

export interface CoverageReport {
  /** Rules no example test names. */
  readonly withoutExamples: readonly CheckedRule[];
  /** Rules no test (example or property) names. */
  readonly untested: readonly CheckedRule[];
  /** Rule lines whose conditions no test made both true and false, exceptions never applied, rules never evaluated. */
  readonly lines: readonly CoverageLine[];
}

export interface TestReport {
  readonly files: readonly FileResult[];
  readonly checks: readonly RuleCheck[];
  readonly coverage: CoverageReport | null;
  readonly seed: number;
  readonly passed: number;
  readonly failed: number;
  readonly ok: boolean;
}

type Prepared = ReturnType<typeof compileProgram>;

// ---------------------------------------------------------------------------------------------
// observers: what the automatic checks and coverage learn from every evaluation

interface Seen {
  fails: RuleCheck['fails'];
  passes: RuleCheck['passes'];
  scoped: Source | null;
  /** The rule's `where` filter, asked until an entity is in scope; null without one. */
  readonly filter: Predicate | null;
}

interface Leaf {
  readonly condition: CheckedCondition;
  readonly predicate: Predicate;
  readonly inFilter: boolean;
  readonly seen: Set<Tri>;
}

interface RuleCoverage {
  readonly rule: CheckedRule;
  readonly filter: Predicate | null;
  readonly leaves: readonly Leaf[];
  evaluated: number;
  readonly applied: Set<number>;
}

function leavesOf(c: CheckedCondition, inFilter: boolean, out: Leaf[]): void {
  switch (c.kind) {
    case 'and':
    case 'or':
      for (const operand of c.operands) leavesOf(operand, inFilter, out);
      return;
    case 'not':
      return leavesOf(c.operand, inFilter, out);
    case 'constant':
      return;
    case 'have':
    case 'compare':
    case 'count':
    case 'any':
    case 'all':
    case 'exist':
    case 'allow':
    case 'statement-allow':
    case 'trust':
    case 'permission':
      out.push({ condition: c, predicate: compileCondition(c), inFilter, seen: new Set() });
  }
}

function coverageOf(rule: CheckedRule): RuleCoverage {
  const leaves: Leaf[] = [];
  const filter = rule.body.scope.filter;
  if (filter !== null) leavesOf(filter, true, leaves);
  if (rule.body.kind !== 'denied') leavesOf(rule.body.condition, false, leaves);
  return { rule, filter: filter === null ? null : compileCondition(filter), leaves, evaluated: 0, applied: new Set() };
}

type Source = 'example' | 'property' | 'generated';

function scopeFilter(rule: CheckedRule): Predicate | null {
  return rule.body.scope.filter === null ? null : compileCondition(rule.body.scope.filter);
}

/** Whether some entity of the model is in the rule's scope (its filter true). */
function scopeMatches(rule: CheckedRule, rules: Prepared, model: Model, filter: Predicate): boolean {
  let matched = false;
  evaluate(rules, model, {
    onVerdict: (r, entity, _v, env) => {
      if (!matched && r.id === rule.id && filter(entity, env) === TRUE) matched = true;
    },
  });
  return matched;
}

/** Records what every evaluation shows: per rule, whether it failed or passed somewhere; coverage when asked. */
interface Observer {
  readonly seen: Map<string, Seen>;
  readonly coverage: Map<string, RuleCoverage> | null;
  source: Source;
  readonly onVerdict: (rule: CheckedRule, entity: Entity, verdict: Tri, env: PermissionEnv) => void;
  /** Notes the exceptions that waived a finding. */
  readonly noteResult: (result: EvaluationResult) => void;
}

function newObserver(program: CheckedProgram, coverage: boolean): Observer {
  const seen = new Map<string, Seen>(program.rules.map((r) => [r.id, { fails: null, passes: null, scoped: r.body.scope.filter === null ? 'example' : null, filter: scopeFilter(r) }]));
  const byRule = coverage ? new Map(program.rules.map((r) => [r.id, coverageOf(r)])) : null;
  const observer: Observer = {
    seen,
    coverage: byRule,
    source: 'example',
    onVerdict: (rule, entity, verdict, env) => {
      const s = seen.get(rule.id);
      if (s !== undefined) {
        if (verdict === FALSE) s.fails ??= observer.source;
        else if (verdict === TRUE) s.passes ??= observer.source;
        if (s.scoped === null && s.filter !== null && s.filter(entity, env) === TRUE) s.scoped = observer.source;
      }
      // Coverage counts the tests the author wrote, not the automatic checks.
      if (byRule === null || observer.source === 'generated') return;
      const cov = byRule.get(rule.id);
      if (cov === undefined) return;
      cov.evaluated++;
      const inScope = cov.filter === null || cov.filter(entity, env) === TRUE;
      for (const leaf of cov.leaves) if (leaf.inFilter || inScope) leaf.seen.add(leaf.predicate(entity, env));
    },
    noteResult: (result) => {
      if (byRule === null || observer.source === 'generated') return;
      for (const f of result.findings) {
        if (f.status !== 'waived' || f.waiver === null || f.waiver.location === null) continue;
        byRule.get(f.rule)?.applied.add(f.waiver.location.line);
      }
    },
  };
  return observer;
}

// ---------------------------------------------------------------------------------------------

export function runTests(suite: CheckedSuite, program: CheckedProgram, options: RunOptions): TestReport {
  const prepared = compileProgram(program);
  const byRule = new Map(prepared.map((p) => [p.info.id, p]));
  const only = (rule: CheckedRule): Prepared => {
    const p = byRule.get(rule.id);
    return p === undefined ? [] : [p];
  };
  const accounts = options.accounts ?? defaultAccounts();
  const observer = newObserver(program, options.coverage);
  const evaluateObserved = (rules: Prepared, model: Model): EvaluationResult => {
    const result = evaluate(rules, model, { onVerdict: observer.onVerdict });
    observer.noteResult(result);
    return result;
  };

  const files: FileResult[] = [];
  for (const file of suite.files) {
    const results: TestResult[] = [];
    for (const test of file.tests) {
      if (test.kind === 'example') {
        observer.source = 'example';
        results.push(runExample(test, prepared, evaluateObserved));
      } else {
        observer.source = 'property';
        results.push(runProperty(test, only(test.expectation.rule), accounts, options, evaluateObserved));
      }
    }
    files.push({ path: file.path, results });
  }

  observer.source = 'generated';
  const checks = options.autoChecks ? automaticChecks(program, prepared, accounts, options, observer) : [];
  const coverage = options.coverage ? coverageReport(suite, program, observer, options.ruleSources ?? new Map()) : null;
  const all = files.flatMap((f) => f.results);
  const failed = all.filter((r) => !r.ok).length + checks.filter((c) => !c.ok).length;
  return { files, checks, coverage, seed: options.seed, passed: all.filter((r) => r.ok).length, failed, ok: failed === 0 };
}

function runExample(test: CheckedExample, prepared: Prepared, evaluateObserved: (rules: Prepared, model: Model) => EvaluationResult): ExampleResult {
  const result = evaluateObserved(prepared, test.model);
  const failures: ExpectationFailure[] = [];
  for (const e of test.expectations) {
    const verdict = judge(e, test.model, result, false);
    if (!verdict.ok) failures.push({ expectation: e, detail: verdict.detail });
  }
  return { kind: 'example', test, ok: failures.length === 0, failures };
}

/** Whether a property holds on one model; null when the model does not meet the condition. */
function holds(test: CheckedProperty, model: Model, rules: Prepared, evaluateWith: (rules: Prepared, model: Model) => EvaluationResult): ReturnType<typeof judge> | null {
  if (test.where !== null && test.where(accountView(model)) !== TRUE) return null;
  // A scope over a collection the account did not collect has nothing known to check.
  const target = test.expectation.target;
  if (target?.kind === 'scope' && model.collections[target.scope.collection]?.known !== true) return null;
  return judge(test.expectation, model, evaluateWith(rules, model), true);
}

function runProperty(test: CheckedProperty, rules: Prepared, accounts: fc.Arbitrary<unknown>, options: RunOptions, evaluateObserved: (rules: Prepared, model: Model) => EvaluationResult): PropertyResult {
  const seed = test.seed ?? options.seed;
  const numRuns = test.runs ?? options.runs;
  let meaningful = 0;
  let failing = false;
  const details = fc.check(
    fc.property(accounts, (document) => {
      const verdict = holds(test, modelOf(document), rules, failing ? (r, m) => evaluate(r, m) : evaluateObserved);
      fc.pre(verdict !== null);
      if (verdict === null) return true;
      if (!failing && verdict.checked > 0) meaningful++;
      if (!verdict.ok) failing = true;
      return verdict.ok;
    }),
    // A rare condition skips many accounts; fast-check gives up after runs × maxSkipsPerRun.
    { numRuns, seed, maxSkipsPerRun: 20 },
  );
  const base = { kind: 'property' as const, test, seed, skipped: details.numSkips, meaningful };
  if (!details.failed) {
    // A property no account gave anything to check proves nothing: say so rather than pass.
    if (meaningful > 0) return { ...base, ok: true, runs: details.numRuns, counterexample: null, problem: null };
    const target = test.expectation.target;
    const what = target === null ? 'an account to judge' : target.kind === 'scope' ? `any ${target.text} (collected) to check` : `the resource ${target.text}`;
    return { ...base, ok: false, runs: details.numRuns, counterexample: null, problem: `in ${details.numRuns} runs no generated account had ${what}: the property proves nothing; loosen its scope, or write examples` };
  }
  const found = details.counterexample?.[0];
  if (found === undefined) {
    const problem = details.errorInstance instanceof Error && !/skip|pre-?condition/i.test(details.errorInstance.message) ? details.errorInstance.message : null;
    return {
      ...base,
      ok: false,
      runs: details.numRuns,
      counterexample: null,
      problem: problem ?? `only ${details.numRuns} of ${details.numRuns + details.numSkips} generated accounts met \`${test.whereText ?? ''}\`: the condition is too rare for the generator; loosen it or write examples`,
    };
  }
  const model = modelOf(found);
  const verdict = holds(test, model, rules, (r, m) => evaluate(r, m));
  if (details.errorInstance instanceof Error && verdict?.ok !== false) {
    return { ...base, ok: false, runs: details.numRuns, counterexample: null, problem: `the property failed with an error: ${details.errorInstance.message}` };
  }
  const stillFails = (m: Model): boolean => {
    const again = holds(test, m, rules, (r, x) => evaluate(r, x));
    return again !== null && !again.ok;
  };
  let counterexample = makeCounterexample(model, found, details.numShrinks, verdict?.detail ?? '', expectationFor(test.expectation, verdict?.entity ?? null), stillFails);
  if (options.accounts === undefined && !isExampleDocument(found)) {
    // The raw arbitrary found it; its accounts carry what the property does not need (fixed
    // providers, every AWS form) or what examples cannot write: look for one that prints exactly.
    const exact = fc.check(
      fc.property(exampleAccounts(), (document) => {
        const v = holds(test, modelOf(document), rules, (r, m) => evaluate(r, m));
        return v === null || v.ok;
      }),
      { numRuns: numRuns * 2, seed },
    );
    const other = exact.counterexample?.[0];
    if (exact.failed && other !== undefined) {
      const otherModel = modelOf(other);
      const v = holds(test, otherModel, rules, (r, m) => evaluate(r, m));
      counterexample = makeCounterexample(otherModel, other, exact.numShrinks, v?.detail ?? '', expectationFor(test.expectation, v?.entity ?? null), stillFails);
    }
  }
  return { ...base, ok: false, runs: details.numRuns, counterexample, problem: null };
}

/** Whether a generated document was built from an example account (build-snapshot.ts marks them). */
function isExampleDocument(document: unknown): boolean {
  if (typeof document !== 'object' || document === null) return false;
  const collector = (document as { collector?: unknown }).collector;
  return typeof collector === 'object' && collector !== null && (collector as { example?: unknown }).example === true;
}

/** The expectation line for a counterexample: the property's, narrowed to the entity that broke it. */
function expectationFor(e: CheckedExpectation, entity: Entity | null): string {
  const outcome = e.outcome === 'pass' ? 'passes' : e.outcome === 'fail' ? 'fails' : e.outcome;
  if (entity === null) return e.text;
  return `expect ${e.rule.id} ${outcome} on ${targetText(entity)}`;
}

/** How an example names an entity: `access key "root/1"` for root's keys. */
function targetText(entity: Entity): string {
  const name = entity.name.startsWith(`${ROOT_ROW_USER}/`) ? `root/${entity.name.slice(ROOT_ROW_USER.length + 1)}` : entity.name;
  return `${entity.type.replace(/-/g, ' ')} ${JSON.stringify(name)}`;
}

/**
 * Prints a model as an example test (with an expectation line appended) and checks that the printed
 * example, built again, still shows the failure.
 */
function makeCounterexample(model: Model, document: unknown, shrinks: number, detail: string, expectation: string | null, stillFails: (model: Model) => boolean): Counterexample {
  const lines: ExampleLine[] = describeModel(model);
  const example = exampleOfModel(model, 'counterexample', lines);
  const body = printExampleTest(example);
  const text = expectation === null ? body : `${body}  ${expectation}\n`;
  return { text, reproduces: rebuilds(body, stillFails), detail, shrinks, document };
}

function rebuilds(exampleText: string, stillFails: (model: Model) => boolean): boolean {
  const parsed = parseTestFile(exampleText, '<counterexample>');
  const statement = parsed.file.statements[0];
  if (parsed.diagnostics.length > 0 || statement?.kind !== 'example') return false;
  const resolved = resolveExample(statement);
  if (resolved.diagnostics.length > 0) return false;
  const built = buildSnapshot(resolved.account);
  if (built.problems.length > 0) return false;
  const snapshot = parseSnapshot(JSON.stringify(built.document), '<counterexample>');
  if (!snapshot.ok) return false;
  return stillFails(normalizeSnapshot(snapshot.value, { now: resolved.account.now }));
}

// ---------------------------------------------------------------------------------------------
// automatic checks

function verdicts(rule: CheckedRule, rules: Prepared, model: Model): Set<Tri> {
  const out = new Set<Tri>();
  evaluate(rules, model, {
    onVerdict: (r, _entity, v) => {
      if (r.id === rule.id) out.add(v);
    },
  });
  return out;
}

function automaticChecks(program: CheckedProgram, prepared: Prepared, accounts: fc.Arbitrary<unknown>, options: RunOptions, observer: Observer): RuleCheck[] {
  const runs = options.autoRuns ?? options.runs * 2;
  // One shared sample: every rule sees the same accounts.
  for (const document of fc.sample(accounts, { numRuns: runs, seed: options.seed })) evaluate(prepared, modelOf(document), { onVerdict: observer.onVerdict });
  const byRule = new Map(prepared.map((p) => [p.info.id, p]));
  const checks: RuleCheck[] = [];
  for (const rule of program.rules) {
    // A rule its params switch off (`where allowed_regions != []` with the param empty) judges nothing, by design.
    if (offReason(rule) !== null) {
      checks.push({ rule, fails: null, passes: null, ok: true, illustration: null, scopeNeverMatches: false });
      continue;
    }
    const seen = observer.seen.get(rule.id) ?? { fails: null, passes: null, scoped: null, filter: scopeFilter(rule) };
    const rules: Prepared = byRule.has(rule.id) ? [byRule.get(rule.id) as Prepared[number]] : [];
    // Search further (and shrink) for what the sample did not show.
    const search = (want: Tri): unknown => {
      const details = fc.check(
        fc.property(accounts, (document) => !verdicts(rule, rules, modelOf(document)).has(want)),
        { numRuns: runs, seed: options.seed + (want === FALSE ? 1 : 2) },
      );
      return details.failed ? (details.counterexample?.[0] ?? null) : null;
    };
    let fails = seen.fails;
    let passes = seen.passes;
    if (fails === null && search(FALSE) !== null) fails = 'generated';
    if (passes === null && search(TRUE) !== null) passes = 'generated';
    // A failure is in scope; otherwise look for an account with an entity the filter matches.
    let scoped = seen.scoped ?? (fails !== null ? fails : null);
    const filter = rule.body.kind === 'denied' ? null : seen.filter;
    if (scoped === null && filter !== null) {
      const details = fc.check(
        fc.property(accounts, (document) => !scopeMatches(rule, rules, modelOf(document), filter)),
        { numRuns: runs, seed: options.seed + 3 },
      );
      if (details.failed) scoped = 'generated';
    }
    const scopeNeverMatches = filter !== null && scoped === null;
    const ok = fails !== null && passes !== null && !scopeNeverMatches;
    let illustration: Counterexample | null = null;
    // A scope that never matches has nothing to show: every account passes it trivially.
    if (!ok && !scopeNeverMatches) {
      // Show the other side: where it passes when it never fails, where it fails when it never passes.
      const other = fails === null ? TRUE : FALSE;
      const found = fails === null && passes === null ? null : search(other);
      if (found !== null && found !== undefined) {
        const model = modelOf(found);
        const entity = entityWith(rule, rules, model, other);
        const outcome: TestOutcome = other === TRUE ? 'pass' : 'fail';
        const expectation = entity === null ? null : `expect ${rule.id} ${outcome === 'pass' ? 'passes' : 'fails'} on ${targetText(entity)}`;
        const detail = entity === null ? '' : `${rule.id} ${outcomeWords(outcome)} on ${describeEntity(entity)}`;
        illustration = makeCounterexample(model, found, 0, detail, expectation, (m) => verdicts(rule, rules, m).has(other));
      }
    }
    checks.push({ rule, fails, passes, scopeNeverMatches, ok, illustration });
  }
  return checks;
}

function entityWith(rule: CheckedRule, rules: Prepared, model: Model, want: Tri): Entity | null {
  let found: Entity | null = null;
  evaluate(rules, model, {
    onVerdict: (r, entity, v) => {
      if (r.id === rule.id && v === want) found ??= entity;
    },
  });
  return found;
}

// ---------------------------------------------------------------------------------------------
// coverage

function coverageReport(suite: CheckedSuite, program: CheckedProgram, observer: Observer, sources: ReadonlyMap<string, string>): CoverageReport {
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
