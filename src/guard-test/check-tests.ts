import { type Diagnostic, error, lineColumnAt, type Span } from '../diagnostics/index.ts';
import { compileCondition, type Predicate } from '../engine/index.ts';
import { COLLECTIONS, type EntityType, type Model, normalizeSnapshot, parseSnapshot, SCHEMA } from '../model/index.ts';
import { type CheckedProgram, type CheckedRule, type CheckedScope, checkRuleFiles, closest, type Schema, spacedName } from '../semantics/index.ts';
import {
  type Condition,
  type ExampleTest,
  type Expectation,
  type PropertyTest,
  printCondition,
  printExpectation,
  printScope,
  type Rule,
  type RuleFile,
  type Scope,
  type TestFile,
  type TestOutcome,
} from '../syntax/index.ts';
import { ACCOUNT_VIEW_SCHEMA } from './account-view.ts';
import { buildSnapshot } from './build-snapshot.ts';
import type { ExampleAccount } from './example-account.ts';
import { resolveExample, resolveExampleType } from './resolve-example.ts';
import { EXAMPLE_TYPES } from './settable.ts';

/**
 * Test files → a checked suite, before anything runs (as rule files are checked before `eval`):
 * every expectation names a rule that exists and a target of that rule's kind; every example builds
 * a valid snapshot; every property condition type-checks. Conditions and scopes are checked by the
 * rule checker itself (a synthetic rule per condition), so their diagnostics are the same.
 */

export interface Location {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export type CheckedTarget =
  | { readonly kind: 'resource'; readonly entityType: EntityType; readonly name: string; readonly text: string }
  | { readonly kind: 'scope'; readonly scope: CheckedScope; readonly filter: Predicate | null; readonly text: string };

export interface CheckedExpectation {
  readonly rule: CheckedRule;
  readonly outcome: TestOutcome;
  readonly target: CheckedTarget | null;
  /** As written, canonically printed. */
  readonly text: string;
  readonly location: Location;
}

export interface CheckedExample {
  readonly kind: 'example';
  readonly name: string;
  readonly location: Location;
  readonly account: ExampleAccount;
  readonly model: Model;
  readonly expectations: readonly CheckedExpectation[];
}

export interface CheckedProperty {
  readonly kind: 'property';
  /** The header's name, else the statement as written. */
  readonly name: string;
  readonly location: Location;
  readonly runs: number | null;
  readonly seed: number | null;
  /** On the account view (account-view.ts); null for every account. */
  readonly where: Predicate | null;
  readonly whereText: string | null;
  readonly expectation: CheckedExpectation;
}

export interface CheckedTestFile {
  readonly path: string;
  readonly tests: readonly (CheckedExample | CheckedProperty)[];
}

export interface CheckedSuite {
  readonly files: readonly CheckedTestFile[];
}

export interface TestSource {
  readonly ast: TestFile;
  readonly text: string;
}

/**
 * Whether a rule judging `rule`'s entities can have a finding on an entity of type `type`: its own
 * type, or, for a collection of several types (`identities`), one of its member types, so that
 * `expect pol.x fails on user "alice"` names the user among the identities.
 */
function judges(rule: CheckedRule, type: EntityType): boolean {
  if (type === rule.body.scope.entityType) return true;
  const collection = COLLECTIONS.find((c) => c.name === rule.body.scope.collection);
  return collection?.memberTypes?.includes(type) === true;
}

function location(text: string, span: Span): Location {
  const { line, column } = lineColumnAt(text, span.start);
  return { file: span.file, line, column };
}

/** A rule around a scope or condition, so that the rule checker checks it. */
function syntheticRule(id: string, body: Rule['body'], span: Span): Rule {
  return { kind: 'rule', id: { text: id, span }, title: null, metadata: [], body, exceptions: [], span };
}

function accountScope(span: Span): Scope {
  return { kind: 'scope', phrase: { kind: 'name', words: [{ text: 'account', span }], span }, filter: null, span };
}

interface Pending {
  readonly id: string;
  readonly rule: Rule;
}

interface PendingFile {
  readonly path: string;
  readonly text: string;
  readonly pending: readonly Pending[];
}

/**
 * Checks the synthetic rules of every test file in one batch per schema, beside the program's
 * definitions, so that conditions use named conditions as rule files do; returns the checked ones by id.
 */
function checkSynthetic(files: readonly PendingFile[], program: CheckedProgram, schema: Schema, report: (d: Diagnostic) => void): Map<string, CheckedRule> {
  const out = new Map<string, CheckedRule>();
  const used = files.filter((f) => f.pending.length > 0);
  if (used.length === 0) return out;
  const synthetic = used.map(({ path, text, pending }) => ({ ast: { kind: 'file', path, statements: pending.map((p) => p.rule), comments: [] } satisfies RuleFile, text }));
  const checked = checkRuleFiles([...(program.definitions?.files ?? []), ...synthetic], { schema, params: program.definitions?.params ?? {} });
  // Warnings about synthetic rules (none are expected) are dropped; errors point into the test file.
  if (!checked.ok) {
    for (const d of checked.errors) report(d);
    return out;
  }
  for (const rule of checked.value.rules) out.set(rule.id, rule);
  return out;
}

export function checkTestFiles(sources: readonly TestSource[], program: CheckedProgram): { readonly suite: CheckedSuite; readonly diagnostics: readonly Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const report = (d: Diagnostic): void => void diagnostics.push(d);
  const rules = new Map(program.rules.map((r) => [r.id, r]));
  // First pass, over every file: gather scopes and conditions to check; remember which belongs where.
  let counter = 0;
  const nextId = (): string => `guard-test.synthetic-${++counter}`;
  const scopeIds = new Map<Expectation, string>();
  const conditionIds = new Map<PropertyTest, string>();
  const scopeFiles: PendingFile[] = [];
  const conditionFiles: PendingFile[] = [];
  const expectationsOf = (t: ExampleTest | PropertyTest): readonly Expectation[] => (t.kind === 'property' ? [t.expectation] : t.lines.filter((l): l is Expectation => l.kind === 'expect'));
  for (const { ast, text } of sources) {
    const scopes: Pending[] = [];
    const conditions: Pending[] = [];
    for (const statement of ast.statements) {
      if (statement.kind === 'error') continue;
      for (const e of expectationsOf(statement)) {
        if (e.target?.kind !== 'scope') continue;
        const id = nextId();
        scopeIds.set(e, id);
        scopes.push({ id, rule: syntheticRule(id, { kind: 'denied', scope: e.target.scope, span: e.target.span }, e.target.span) });
      }
      if (statement.kind === 'property' && statement.where !== null) {
        const id = nextId();
        conditionIds.set(statement, id);
        const where: Condition = statement.where;
        const scope = accountScope(statement.accounts.span);
        conditions.push({ id, rule: syntheticRule(id, { kind: 'must', scope, condition: where, span: where.span }, where.span) });
      }
    }
    scopeFiles.push({ path: ast.path, text, pending: scopes });
    conditionFiles.push({ path: ast.path, text, pending: conditions });
  }
  const checkedScopes = checkSynthetic(scopeFiles, program, SCHEMA, report);
  const checkedConditions = checkSynthetic(conditionFiles, program, ACCOUNT_VIEW_SCHEMA, report);

  const files: CheckedTestFile[] = [];
  for (const { ast, text } of sources) {
    const expectation = (e: Expectation): CheckedExpectation | null => {
      const rule = rules.get(e.rule.text);
      if (rule === undefined) {
        const best = closest(e.rule.text, rules.keys());
        report(
          error('check/unknown-name', `no rule \`${e.rule.text}\``, e.rule.span, {
            hint: best !== null ? `did you mean \`${best}\`?` : rules.size === 0 ? 'no rule files were loaded' : 'see `guard check` for the rule ids',
          }),
        );
        return null;
      }
      const base = { rule, outcome: e.outcome, text: printExpectation(e), location: location(text, e.span) };
      const about = spacedName(rule.body.scope.collection);
      const target = e.target;
      if (target === null) return { ...base, target: null };
      if (target.kind === 'resource') {
        const type = resolveExampleType(target.type, true);
        if (typeof type !== 'string') {
          report(error('check/unknown-collection', type.message, target.type.span, type.hint === undefined ? {} : { hint: type.hint }));
          return null;
        }
        const entityType = EXAMPLE_TYPES[type].entityType;
        if (!judges(rule, entityType)) {
          report(
            error('check/type-mismatch', `rule \`${rule.id}\` is about ${about}: a ${spacedName(entityType.replace(/-/g, '_'))} is never one of its findings`, target.span, {
              hint: `name one of its ${about}, or leave out \`on ...\``,
            }),
          );
          return null;
        }
        return { ...base, target: { kind: 'resource', entityType, name: target.name.value, text: `${target.type.words.map((w) => w.text).join(' ')} "${target.name.value}"` } };
      }
      const id = scopeIds.get(e);
      const checked = id === undefined ? undefined : checkedScopes.get(id);
      if (checked === undefined) return null;
      const scope = checked.body.scope;
      if (!judges(rule, scope.entityType)) {
        report(
          error('check/type-mismatch', `rule \`${rule.id}\` is about ${about}, not ${spacedName(scope.collection)}`, target.span, {
            hint: `write \`on ${about} where ...\``,
          }),
        );
        return null;
      }
      return { ...base, target: { kind: 'scope', scope, filter: scope.filter === null ? null : compileCondition(scope.filter), text: printScope(target.scope) } };
    };

    const tests: (CheckedExample | CheckedProperty)[] = [];
    const names = new Map<string, Span>();
    for (const statement of ast.statements) {
      if (statement.kind === 'error') continue;
      if (statement.kind === 'example') {
        const name = statement.name.value;
        const previous = names.get(name);
        if (previous !== undefined)
          report(error('check/duplicate-name', `an example named \`${name}\` is already in this file (line ${lineColumnAt(text, previous.start).line})`, statement.name.span, { hint: 'give each example its own name' }));
        names.set(name, statement.name.span);
        const example = checkExample(statement, text, report, expectation);
        if (example !== null) tests.push(example);
        continue;
      }
      const accounts = statement.accounts.words.map((w) => w.text.toLowerCase()).join(' ');
      if (accounts !== 'accounts' && accounts !== 'account') {
        report(
          error('check/unknown-collection', `expected \`accounts\` after \`for all\` but found \`${statement.accounts.words.map((w) => w.text).join(' ')}\``, statement.accounts.span, {
            hint: 'a property is about whole accounts: `for all accounts where <condition>, expect ...`',
          }),
        );
        continue;
      }
      const checkedExpectation = expectation(statement.expectation);
      const id = conditionIds.get(statement);
      const where = id === undefined ? null : (checkedConditions.get(id) ?? null);
      if (checkedExpectation === null || (statement.where !== null && where === null)) continue;
      const whereCondition = where !== null && where.body.kind === 'must' ? where.body.condition : null;
      tests.push({
        kind: 'property',
        name: statement.name?.value ?? `for all ${statement.accounts.words.map((w) => w.text).join(' ')}${statement.where === null ? '' : ` where ${printCondition(statement.where)}`}, ${checkedExpectation.text}`,
        location: location(text, statement.span),
        runs: statement.runs?.value ?? null,
        seed: statement.seed?.value ?? null,
        where: whereCondition === null ? null : compileCondition(whereCondition),
        whereText: statement.where === null ? null : printCondition(statement.where),
        expectation: checkedExpectation,
      });
    }
    files.push({ path: ast.path, tests });
  }
  return { suite: { files }, diagnostics };
}

/**
 * The suite for the rules `guard test --rule/--skip` kept: an example keeps its account and the
 * expectations of those rules, and is left out when it has none; a property is left out when its
 * expectation is of another rule; a file with no test left is left out. The suite was checked
 * against every rule, so a test of a rule not selected is still checked, only not run.
 */
export function suiteFor(suite: CheckedSuite, rules: readonly CheckedRule[]): CheckedSuite {
  const kept = new Set(rules.map((r) => r.id));
  const files: CheckedTestFile[] = [];
  for (const file of suite.files) {
    const tests: (CheckedExample | CheckedProperty)[] = [];
    for (const test of file.tests) {
      if (test.kind === 'property') {
        if (kept.has(test.expectation.rule.id)) tests.push(test);
        continue;
      }
      const expectations = test.expectations.filter((e) => kept.has(e.rule.id));
      if (expectations.length > 0) tests.push(expectations.length === test.expectations.length ? test : { ...test, expectations });
    }
    if (tests.length > 0) files.push({ path: file.path, tests });
  }
  return { files };
}

function checkExample(example: ExampleTest, text: string, report: (d: Diagnostic) => void, expectation: (e: Expectation) => CheckedExpectation | null): CheckedExample | null {
  const resolved = resolveExample(example);
  for (const d of resolved.diagnostics) report(d);
  const expectations: CheckedExpectation[] = [];
  let ok = resolved.diagnostics.length === 0;
  for (const line of example.lines) {
    if (line.kind === 'error') ok = false;
    if (line.kind !== 'expect') continue;
    const checked = expectation(line);
    if (checked === null) ok = false;
    else expectations.push(checked);
  }
  if (example.lines.every((l) => l.kind !== 'expect' && l.kind !== 'error')) {
    report(error('check/bad-operand', `example \`${example.name.value}\` expects nothing`, example.name.span, { hint: 'add a line such as `expect <rule> fails on user "alice"`' }));
    ok = false;
  }
  const built = buildSnapshot(resolved.account);
  for (const p of built.problems) report(error('check/bad-operand', p.message, p.span ?? example.name.span, p.hint === undefined ? {} : { hint: p.hint }));
  if (!ok || built.problems.length > 0) return null;
  const parsed = parseSnapshot(JSON.stringify(built.document), example.name.value);
  if (!parsed.ok) {
    // Only a `document = "..."` the author wrote can make the built snapshot invalid.
    for (const d of parsed.errors)
      report(error('check/type-mismatch', `the example's account is not valid: ${d.path === undefined ? '' : `${d.path}: `}${d.message}`, example.name.span, { hint: 'check the `document` strings of its policies' }));
    return null;
  }
  const model = normalizeSnapshot(parsed.value, { now: resolved.account.now });
  return { kind: 'example', name: example.name.value, location: location(text, example.span), account: resolved.account, model, expectations };
}
