import type fc from 'fast-check';
import { type Diagnostic, lineColumnAt } from '../diagnostics/index.ts';
import type { compileProgram } from '../engine/index.ts';
import { checkTestFiles, renderTestReport, runTests, type TestReport } from '../guard-test/index.ts';
import { type CheckedProgram, checkSources, parseTestSources } from '../semantics/index.ts';

/**
 * `checkProperty`: the test-file language from TypeScript, for rule authors who test with vitest
 * (docs/testing.md). Give it rule text and a property as a test file writes it; it runs the property
 * on generated accounts and throws, with the shrunk counterexample as an example test and the seed,
 * when it does not hold:
 *
 *   checkProperty(rules, 'for all accounts where any access keys where active and age > 90d, expect stale-keys fails')
 *
 * The property text may hold several properties and examples (a whole test file); all must pass.
 */

export interface RuleSource {
  /** Shown in diagnostics; `rules.guard` when rules are given as one string. */
  readonly path: string;
  readonly text: string;
}

export interface PropertyOptions {
  /** Generated accounts per property without its own `runs` (default 100). */
  readonly runs?: number;
  /** Default: random; the report and the error say which was used. */
  readonly seed?: number;
  /** Raw snapshot documents to run on (default: the mix `guard test` uses). */
  readonly accounts?: fc.Arbitrary<unknown>;
  /** `--param` overrides for the rules. */
  readonly params?: Readonly<Record<string, string>>;
}

export interface PropertyCheck {
  readonly ok: boolean;
  readonly seed: number;
  /** The report as `guard test` prints it (without colours). */
  readonly text: string;
  readonly report: TestReport;
}

function formatDiagnostics(diagnostics: readonly Diagnostic[], texts: ReadonlyMap<string, string>): string {
  return diagnostics
    .map((d) => {
      const text = d.span === null ? undefined : texts.get(d.span.file);
      const at = d.span === null ? '' : text === undefined ? `${d.span.file}: ` : `${d.span.file}:${lineColumnAt(text, d.span.start).line}:${lineColumnAt(text, d.span.start).column}: `;
      return `${at}${d.message} [${d.code}]${d.hint === undefined ? '' : ` (${d.hint})`}`;
    })
    .join('\n');
}

/** Parses and checks rule files; throws with every diagnostic when they do not compile. */
export function checkRules(rules: string | readonly RuleSource[], params: Readonly<Record<string, string>> = {}): CheckedProgram {
  const sources = typeof rules === 'string' ? [{ path: 'rules.guard', text: rules }] : rules;
  const checked = checkSources(sources, { params });
  if (checked.program === null) {
    const texts = new Map(sources.map((s) => [s.path, s.text]));
    throw new Error(
      `rules do not compile:\n${formatDiagnostics(
        checked.diagnostics.filter((d) => d.severity === 'error'),
        texts,
      )}`,
    );
  }
  return checked.program;
}

/** What the helpers accept as rules: rule text, rule files, a checked program, or rules compiled by `compileRuleText`. */
export type RulesUnderTest = string | readonly RuleSource[] | CheckedProgram | ReturnType<typeof compileProgram>;

function programOf(rules: RulesUnderTest, params: Readonly<Record<string, string>> | undefined): CheckedProgram {
  if (typeof rules === 'string') return checkRules(rules, params);
  if ('rules' in rules) return rules;
  const compiled: ReturnType<typeof compileProgram> = rules.filter((r): r is ReturnType<typeof compileProgram>[number] => 'compiled' in r);
  if (compiled.length > 0 && compiled.length === rules.length) return { rules: compiled.map((r) => r.compiled.rule), params: [] };
  return checkRules(
    rules.filter((r): r is RuleSource => 'text' in r),
    params,
  );
}

/** Runs properties (and examples) in test-file syntax against rules; never throws for a failing property. */
export function runProperty(rules: RulesUnderTest, property: string, options: PropertyOptions = {}): PropertyCheck {
  const program = programOf(rules, options.params);
  const path = 'property.test.guard';
  const parsed = parseTestSources([{ path, text: property }]);
  const texts = new Map([[path, property]]);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) throw new Error(`the property does not parse:\n${formatDiagnostics(parsed.diagnostics, texts)}`);
  const checked = checkTestFiles(parsed.tests, program);
  if (checked.diagnostics.length > 0) throw new Error(`the property does not check:\n${formatDiagnostics(checked.diagnostics, texts)}`);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const report = runTests(checked.suite, program, {
    seed,
    runs: options.runs ?? 100,
    autoChecks: false,
    coverage: false,
    ...(options.accounts === undefined ? {} : { accounts: options.accounts }),
  });
  return { ok: report.ok, seed, text: renderTestReport(report, { color: false }), report };
}

/** Like runProperty, but throws (an assertion for vitest) when a property or example fails. */
export function checkProperty(rules: RulesUnderTest, property: string, options: PropertyOptions = {}): PropertyCheck {
  const result = runProperty(rules, property, options);
  if (!result.ok) throw new Error(`property failed (seed ${result.seed}):\n${result.text}`);
  return result;
}
