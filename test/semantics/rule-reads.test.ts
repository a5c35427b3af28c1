import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRule, FALSE, TRUE, type Tri } from '../../src/engine/index.ts';
import { referenceVerdict, type Truth } from '../../src/engine/reference.ts';
import { type Entity, type Model, SCHEMA, UNKNOWN, type Value } from '../../src/model/index.ts';
import { type AttributeRead, attributesRead, bodyReads, type CheckedCondition, type CheckedRule, type ConditionRead, checkRuleFiles, forEachRead, type Schema } from '../../src/semantics/index.ts';
import { parseRuleFile } from '../../src/syntax/index.ts';
import { modelArb } from '../../src/testing/model-arbitraries.ts';
import { checkedRule, generatedRuleArb } from '../support/checked-rule.ts';

// CheckedRule.reads: every attribute a rule's evaluation can read, with the entity type of each step.

const schema: Schema = SCHEMA;

function only(text: string): CheckedRule {
  const { file, diagnostics } = parseRuleFile(text, 'rules.guard');
  expect(diagnostics).toEqual([]);
  const result = checkRuleFiles([{ ast: file, text }], { schema });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  const [rule] = result.value.rules;
  if (!rule) throw new Error('no rule');
  return rule;
}
/** `steps@on`, each step with the type it is read on: `access_keys.active@user.access-key`. */
const shown = (read: AttributeRead): string => `${read.steps.join('.')}@${read.on.join('.')}`;
const reads = (text: string): string[] => only(text).reads.map(shown);

describe('the attributes a rule reads', () => {
  it('lists the scope filter, then the condition, each path once, in source order', () => {
    expect(reads('users with console access must have mfa')).toEqual(['console_access@user', 'mfa@user']);
    expect(reads('users where mfa and not console access must have mfa or name = "x"')).toEqual(['mfa@user', 'console_access@user', 'name@user']);
    expect(reads('roles unused > 90d and not service linked denied')).toEqual(['unused@role', 'service_linked@role']);
  });

  it('reads both sides of a comparison of two attributes, and nothing for a constant or a let', () => {
    expect(reads('users must have created < password last used')).toEqual(['created@user', 'password_last_used@user']);
    expect(reads('let n = 14\npassword policy must have minimum length >= n')).toEqual(['minimum_length@password-policy']);
    expect(reads('users must have groups "admins"')).toEqual(['groups@user']);
  });

  it('follows links, naming the entity type of each step', () => {
    expect(reads('access keys where user mfa denied')).toEqual(['user.mfa@access-key.user']);
    expect(only('access keys where user mfa denied').reads[0]?.type).toEqual({ kind: 'boolean' });
  });

  it('reads the relation, then what its where and count filters read on each linked entity', () => {
    expect(reads('users must have no access keys where active')).toEqual(['access_keys@user', 'access_keys.active@user.access-key']);
    expect(reads('users must have at most 1 access keys where active and age > 90d')).toEqual(['access_keys@user', 'access_keys.active@user.access-key', 'access_keys.age@user.access-key']);
    expect(reads('users must any access keys where user mfa')).toEqual(['access_keys@user', 'access_keys.user.mfa@user.access-key.user']);
    expect(reads('users must all groups where any attached policies where customer')).toEqual(['groups@user', 'groups.attached_policies@user.group', 'groups.attached_policies.customer@user.group.policy']);
    expect(reads('users must have at least 2 groups')).toEqual(['groups@user']);
    expect(reads('users must have at least 1 tags')).toEqual(['tags@user']);
  });

  it('reads the policy documents of allow and trust, and `exists` where the type has it', () => {
    expect(reads('customer policies must not allow "*"')).toEqual(['permissions@policy']);
    expect(only('customer policies must not allow "*"').reads[0]?.type).toEqual({ kind: 'policy-documents' });
    expect(reads('roles must not trust "*"')).toEqual(['trust_policy@role']);
    expect(reads('password policy must exist')).toEqual(['exists@password-policy']);
    expect(reads('users must exist')).toEqual([]);
    expect(reads('users denied')).toEqual([]);
  });

  it('gathers per entity type the attributes read on it', () => {
    const rule = only('users with console access must have no access keys where user mfa and active');
    const byType = attributesRead(rule.reads);
    expect([...byType.keys()]).toEqual(['user', 'access-key']);
    expect([...(byType.get('user') ?? [])]).toEqual(['console_access', 'access_keys', 'mfa']);
    expect([...(byType.get('access-key') ?? [])]).toEqual(['user', 'active']);
  });
});

describe('forEachRead: the reads of a condition on its own entity', () => {
  const visited = (condition: CheckedCondition): string[] => {
    const out: string[] = [];
    const show = (read: ConditionRead): string => {
      switch (read.kind) {
        case 'value':
          return `value ${read.path.steps.join('.')}`;
        case 'relation':
          return `${read.condition.kind} ${read.condition.path.steps.join('.')}`;
        case 'policies':
          return `${read.condition.kind} ${read.condition.attribute}`;
        case 'exists':
          return `exists ${read.attribute}`;
        case 'permissions':
          return `permissions ${read.condition.text}`;
        case 'guardrail':
          return `guardrail ${read.condition.text}`;
      }
    };
    forEachRead(condition, (read) => out.push(show(read)));
    return out;
  };
  const conditionOf = (text: string): CheckedCondition => {
    const body = only(text).body;
    if (body.kind === 'denied') throw new Error('denied');
    return body.condition;
  };

  it('visits in source order through and, or and not, and a relation once without entering its where', () => {
    expect(visited(conditionOf('users must not (have mfa or created < password last used) and any access keys where active'))).toEqual(['value mfa', 'value created', 'value password_last_used', 'any access_keys']);
    expect(visited(conditionOf('users must have at least 1 groups where name = "x"'))).toEqual(['count groups']);
    expect(visited(conditionOf('roles must not trust "*" and not allow "iam:*"'))).toEqual(['trust trust_policy', 'allow permissions']);
    expect(visited(conditionOf('password policy must exist'))).toEqual(['exists exists']);
  });

  it('visits nothing for constants and for exist on a type that always exists', () => {
    const span = { file: 'x', start: 0, end: 0 };
    expect(visited({ kind: 'constant', value: true, span })).toEqual([]);
    expect(visited({ kind: 'exist', attribute: null, span })).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// completeness: what is not in `reads` does not matter

const GARBAGE: readonly (Value | 'missing')[] = [UNKNOWN, null, true, false, 0, 123_456_789, 'garbage', [], 'missing'];

const isEntity = (v: unknown): v is Entity => typeof v === 'object' && v !== null && !Array.isArray(v) && 'attrs' in v;

/** A copy of the model where every attribute not in `reads` holds garbage (or is missing), drawn in turn from `garbage`. */
function garbled(model: Model, reads: readonly AttributeRead[], garbage: readonly (Value | 'missing')[]): Model {
  const kept = attributesRead(reads);
  const copies = new Map<Entity, Entity>();
  let turn = 0;
  const copy = (entity: Entity): Entity => {
    const known = copies.get(entity);
    if (known) return known;
    const attrs: Record<string, Value> = {};
    const result: Entity = { ...entity, attrs };
    copies.set(entity, result);
    for (const [name, value] of Object.entries(entity.attrs)) {
      if (kept.get(entity.type)?.has(name)) attrs[name] = copyValue(value);
      else {
        const junk = garbage[turn++ % garbage.length] ?? UNKNOWN;
        if (junk !== 'missing') attrs[name] = junk;
      }
    }
    return result;
  };
  const copyValue = (value: Value): Value => {
    if (isEntity(value)) return copy(value);
    if (Array.isArray(value)) return (value as readonly unknown[]).map((x) => (isEntity(x) ? copy(x) : x)) as Value;
    return value;
  };
  const collections: Record<string, Model['collections'][string]> = {};
  for (const [name, collection] of Object.entries(model.collections)) {
    collections[name] = { ...collection, entities: collection.entities.map(copy) };
  }
  return { ...model, collections };
}

const asTruth = (t: Tri): Truth => (t === TRUE ? 'T' : t === FALSE ? 'F' : 'U');

describe('reads are complete', () => {
  const caseArb = fc.tuple(generatedRuleArb(schema), fc.shuffledSubarray([...GARBAGE], { minLength: 1 })).map(([c, garbage]) => ({ ...c, garbage }));

  it('an attribute not in reads changes no verdict, compiled or reference', () => {
    fc.assert(
      fc.property(caseArb, ({ collection, model, condition, filter, kind, garbage }) => {
        const rule = checkedRule(kind, collection, filter, condition);
        const junk = garbled(model, bodyReads(schema, rule.body), garbage);
        const compiled = compileRule(rule);
        const original = model.collections[collection.name]?.entities ?? [];
        const changed = junk.collections[collection.name]?.entities ?? [];
        original.forEach((entity, i) => {
          const other = changed[i];
          if (!other) throw new Error('lost an entity');
          expect(asTruth(compiled.verdict(other))).toBe(asTruth(compiled.verdict(entity)));
          expect(referenceVerdict(rule, other)).toBe(referenceVerdict(rule, entity));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('garbage where a rule reads does change verdicts (the property above can fail)', () => {
    const rule = only('users must have mfa');
    const model = fc.sample(modelArb(schema), { numRuns: 30 });
    const changes = model.some((m) => {
      const junk = garbled(m, [], [UNKNOWN]);
      const compiled = compileRule(rule);
      const before = m.collections['users']?.entities ?? [];
      return (junk.collections['users']?.entities ?? []).some((e, i) => before[i] !== undefined && compiled.verdict(e) !== compiled.verdict(before[i]));
    });
    expect(changes).toBe(true);
  });
});
