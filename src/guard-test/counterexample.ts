/** Counterexamples: a failing model printed as an example test, checked to reproduce when built again. */
import { type Entity, type Model, normalizeSnapshot, parseSnapshot, ROOT_ROW_USER } from '../model/index.ts';
import { type ExampleLine, parseTestFile, printExampleTest } from '../syntax/index.ts';
import { buildSnapshot } from './build-snapshot.ts';
import type { CheckedExpectation } from './check-tests.ts';
import { describeModel, exampleOfModel } from './describe-model.ts';
import { resolveExample } from './resolve-example.ts';
import type { Counterexample } from './test-report.ts';

/** Whether a generated document was built from an example account (build-snapshot.ts marks them). */
export function isExampleDocument(document: unknown): boolean {
  if (typeof document !== 'object' || document === null) return false;
  const collector = (document as { collector?: unknown }).collector;
  return typeof collector === 'object' && collector !== null && (collector as { example?: unknown }).example === true;
}

/** The expectation line for a counterexample: the property's, narrowed to the entity that broke it. */
export function expectationFor(e: CheckedExpectation, entity: Entity | null): string {
  const outcome = e.outcome === 'pass' ? 'passes' : e.outcome === 'fail' ? 'fails' : e.outcome;
  if (entity === null) return e.text;
  return `expect ${e.rule.id} ${outcome} on ${targetText(entity)}`;
}

/** How an example names an entity: `access key "root/1"` for root's keys. */
export function targetText(entity: Entity): string {
  const name = entity.name.startsWith(`${ROOT_ROW_USER}/`) ? `root/${entity.name.slice(ROOT_ROW_USER.length + 1)}` : entity.name;
  return `${entity.type.replace(/-/g, ' ')} ${JSON.stringify(name)}`;
}

/**
 * Prints a model as an example test (with an expectation line appended) and checks that the printed
 * example, built again, still shows the failure.
 */
export function makeCounterexample(model: Model, document: unknown, shrinks: number, detail: string, expectation: string | null, stillFails: (model: Model) => boolean): Counterexample {
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
