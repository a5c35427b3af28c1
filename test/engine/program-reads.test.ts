import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/cli/load-rules.ts';
import { compileProgram, evaluate, programReads } from '../../src/engine/index.ts';
import type { AttributeReads, ConcreteEntityType, Entity, Model, Value } from '../../src/model/index.ts';
import { COLLECTIONS, ENTITY_TYPES, normalizeSnapshot, parseValidSnapshot } from '../../src/model/index.ts';
import { ATTRIBUTES_BY_TYPE } from '../../src/model/schema.ts';
import type { CheckedProgram, CheckedRule, Schema } from '../../src/semantics/index.ts';
import { conditionArb } from '../../src/testing/model-arbitraries.ts';
import { snapshotArbitrary } from '../model/snapshot-arbitrary.ts';
import { checkedRule } from '../support/checked-rule.ts';

const schema: Schema = { collections: COLLECTIONS, entityTypes: ENTITY_TYPES };
const TYPES = Object.keys(ATTRIBUTES_BY_TYPE) as ConcreteEntityType[];

/** Any read set: for each type, any subset of its attributes. */
const readsArb: fc.Arbitrary<AttributeReads> = fc
  .tuple(...TYPES.map((type) => fc.subarray(ATTRIBUTES_BY_TYPE[type].map((a) => a.name))))
  .map((subsets) => new Map(TYPES.map((type, i) => [type, new Set<string>(subsets[i])])));

function validated(raw: Record<string, unknown>): { snapshot: Parameters<typeof normalizeSnapshot>[0]; parsed: NonNullable<Parameters<typeof normalizeSnapshot>[1]>['parsed'] } | null {
  const outcome = parseValidSnapshot(JSON.stringify(raw), 'generated');
  return outcome.ok ? outcome.value : null;
}

/**
 * Differences between the model normalized with a read set and the full one, on the attributes
 * in the set: entities pair up by position in collections and in the links read, and links are
 * compared by identity (key).
 */
function differences(partial: Model, full: Model, reads: AttributeReads): string[] {
  const out: string[] = [];
  const seen = new Set<Entity>();
  const same = (a: Entity, b: Entity, at: string): void => {
    if (seen.has(a)) return;
    seen.add(a);
    if (a.key !== b.key || a.type !== b.type || a.name !== b.name || a.arn !== b.arn || a.owner?.key !== b.owner?.key) out.push(`${at}: identity ${a.key} vs ${b.key}`);
    for (const name of reads.get(a.type as ConcreteEntityType) ?? []) value(a.attrs[name], b.attrs[name], `${at}.${name}`);
  };
  const value = (a: Value | undefined, b: Value | undefined, at: string): void => {
    if (isEntity(a) && isEntity(b)) return same(a, b, at);
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every(isEntity) && b.every(isEntity)) {
      (a as readonly Entity[]).forEach((e, i) => {
        same(e, (b as readonly Entity[])[i] as Entity, `${at}[${i}]`);
      });
      return;
    }
    if (!sameValue(a, b)) out.push(`${at}: ${String(a)} vs ${String(b)}`);
  };
  for (const [name, collection] of Object.entries(full.collections)) {
    const other = partial.collections[name];
    if (other === undefined || other.known !== collection.known || other.entities.length !== collection.entities.length) {
      out.push(`collection ${name} differs`);
      continue;
    }
    other.entities.forEach((e, i) => {
      same(e, collection.entities[i] as Entity, `${name}[${i}]`);
    });
  }
  return out;
}

function isEntity(value: unknown): value is Entity {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'attrs' in value;
}

function sameValue(a: unknown, b: unknown): boolean {
  try {
    expect(a).toEqual(b);
    return true;
  } catch {
    return false;
  }
}

/** Generated rules carry no source: the finding message needs only the body kind. */
function generatedRule(kind: 'must' | 'must-not' | 'denied', ...rest: Parameters<typeof checkedRule> extends [unknown, ...infer R] ? R : never): CheckedRule {
  return { ...checkedRule(kind, ...rest), source: { body: { kind } } as CheckedRule['source'] };
}

const programArb: fc.Arbitrary<CheckedProgram> = fc
  .array(
    fc.constantFrom(...COLLECTIONS).chain((collection) =>
      fc
        .record({
          kind: fc.constantFrom<'must' | 'must-not' | 'denied'>('must', 'must-not', 'denied'),
          filter: fc.option(conditionArb(schema, collection.entityType, 1), { nil: null }),
          condition: conditionArb(schema, collection.entityType, 2),
        })
        .map(({ kind, filter, condition }) => generatedRule(kind, collection, filter, condition)),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((rules) => ({ rules, params: [] }));

describe('normalization with a read set', () => {
  it('computes the attributes in the set as the full normalization does', () => {
    fc.assert(
      fc.property(snapshotArbitrary, readsArb, (raw, reads) => {
        const valid = validated(raw);
        if (valid === null) return;
        const full = normalizeSnapshot(valid.snapshot);
        const partial = normalizeSnapshot(valid.snapshot, { parsed: valid.parsed, reads });
        expect(differences(partial, full, reads)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('gives a generated program the findings of the full model, evidence included', () => {
    fc.assert(
      fc.property(snapshotArbitrary, programArb, (raw, program) => {
        const valid = validated(raw);
        if (valid === null) return;
        const prepared = compileProgram(program);
        const full = evaluate(prepared, normalizeSnapshot(valid.snapshot));
        const partial = evaluate(prepared, normalizeSnapshot(valid.snapshot, { parsed: valid.parsed, reads: programReads(program) }));
        expect(partial).toEqual(full);
      }),
      { numRuns: 60 },
    );
  });

  it('gives the built-in library the findings of the full model', async () => {
    const loaded = await loadRules([], { cwd: process.cwd() });
    const program = loaded.program;
    if (program === null) throw new Error('the library does not check');
    const prepared = compileProgram(program);
    const reads = programReads(program);
    fc.assert(
      fc.property(snapshotArbitrary, (raw) => {
        const valid = validated(raw);
        if (valid === null) return;
        const full = evaluate(prepared, normalizeSnapshot(valid.snapshot));
        expect(evaluate(prepared, normalizeSnapshot(valid.snapshot, { parsed: valid.parsed, reads }))).toEqual(full);
      }),
      { numRuns: 40 },
    );
  });

  it('reads through links, inside quantifiers, for every member type, and what statement evidence shows', async () => {
    const loaded = await loadRules([], { cwd: process.cwd() });
    if (loaded.program === null) throw new Error('the library does not check');
    const reads = programReads(loaded.program);
    // `identities must have no attached policies where aws managed and name = ...`
    for (const type of ['user', 'group', 'role'] as const) expect(reads.get(type)?.has('attached_policies')).toBe(true);
    expect(reads.get('policy')?.has('aws_managed')).toBe(true);
    // `roles must have no trust statements where effect = "Allow" and public ...`
    expect(reads.get('statement')?.has('public')).toBe(true);
    expect(reads.get('statement')?.has('principals')).toBe(true);
    // The effective-permissions rules read what the analysis reads: tags for policy variables, permissions, and the
    // instance profiles EC2 escalation paths need (test/engine/permission-reads.test.ts holds the list complete).
    expect(reads.get('role')?.has('tags')).toBe(true);
    expect(reads.get('user')?.has('permissions')).toBe(true);
    expect(reads.get('role')?.has('instance_profiles')).toBe(true);
    expect(reads.get('policy')?.has('versions')).toBe(true);
  });
});
