import { expect } from 'vitest';
import { compileProgram, type EvaluateOptions, type EvaluationResult, evaluate } from '../../src/engine/index.ts';
import { type Collection, type Entity, type EntityType, type Model, SCHEMA, type Value } from '../../src/model/index.ts';
import { type CheckedProgram, checkRuleFiles } from '../../src/semantics/index.ts';
import { parseRuleFile } from '../../src/syntax/index.ts';

// Shared by the evaluate-*.test.ts files: rules from their text through the real parser and
// checker, models built by hand, so the tests hold evaluate() to its public behaviour only.

export const DAY = 86_400_000;
export const NOW = Date.UTC(2026, 5, 1);

export function program(text: string): CheckedProgram {
  const parsed = parseRuleFile(text, 'rules.guard');
  expect(parsed.diagnostics).toEqual([]);
  const checked = checkRuleFiles([{ ast: parsed.file, text }], { schema: SCHEMA });
  if (!checked.ok) throw new Error(checked.errors.map((e) => e.message).join('; '));
  return checked.value;
}

export function entity(type: EntityType, name: string, attrs: Record<string, Value>, extra: { arn?: string | null; owner?: Entity; key?: string } = {}): Entity {
  return { type, key: extra.key ?? `${type}/${name}`, name, arn: extra.arn ?? null, owner: extra.owner ?? null, attrs };
}

export function model(collections: Record<string, readonly Entity[] | 'unknown'>, extra: Partial<Model> = {}): Model {
  const built: Record<string, Collection> = {};
  for (const [name, entities] of Object.entries(collections)) {
    built[name] = entities === 'unknown' ? { name, known: false, entities: [] } : { name, known: true, entities };
  }
  return { account: { id: '123456789012', partition: 'aws' }, now: NOW, capturedAt: NOW, missingSections: [], collections: built, ...extra };
}

export function run(rules: string | CheckedProgram, m: Model, options?: EvaluateOptions): EvaluationResult {
  return evaluate(compileProgram(typeof rules === 'string' ? program(rules) : rules), m, options);
}
