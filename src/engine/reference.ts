import { documentsAllow, documentTrusts, type Entity, type PolicyDocument, statementAllows, UNKNOWN, type Value } from '../model/index.ts';
import { controlChain, decideChain, decideChainOutside, type GrantLevel, rcpApplies } from '../model/permissions/index.ts';
import { type CheckedCondition, type CheckedOperand, type CheckedRule, holds, OPERATORS } from '../semantics/index.ts';
import type { PermissionEnv } from './permissions.ts';
import { and, FALSE, not, or, TRUE, type Tri, UNKNOWN_TRI } from './tri.ts';

/**
 * The reference evaluator: a direct, slow, obviously-correct reading of the language's semantics
 * (docs/language.md), written independently of compile.ts. Property tests check that compiled
 * rules agree with it on generated rules and models. Imported only by tests and src/testing.
 * Comparisons on present values are the operator table's `holds` (semantics/operators.ts).
 */
export type Truth = 'T' | 'F' | 'U';

// The connectives are tri.ts's, the one implementation compile.ts uses too (test/engine/tri.test.ts
// pins their truth tables); what stays independent here is everything they are applied to.
const TRI: Readonly<Record<Truth, Tri>> = { F: FALSE, U: UNKNOWN_TRI, T: TRUE };
const TRUTH: readonly Truth[] = ['F', 'U', 'T'];
const truth = (t: Tri): Truth => TRUTH[t] as Truth;
const notT = (t: Truth): Truth => truth(not(TRI[t]));
const andT = (ts: readonly Truth[]): Truth => truth(ts.reduce<Tri>((acc, t) => and(acc, TRI[t]), TRUE));
const orT = (ts: readonly Truth[]): Truth => truth(ts.reduce<Tri>((acc, t) => or(acc, TRI[t]), FALSE));

function read(entity: Entity, steps: readonly string[]): Value {
  let current: Value = entity;
  for (const step of steps) {
    if (current === null || current === UNKNOWN) return current;
    const e = current as Entity;
    current = Object.hasOwn(e.attrs, step) ? (e.attrs[step] as Value) : UNKNOWN;
  }
  return current;
}

function operandValue(entity: Entity, operand: CheckedOperand): Value {
  return operand.kind === 'constant' ? (operand.value as Value) : read(entity, operand.path.steps);
}

/** The levels a permissions predicate accepts: any grant, or only an unconditional one. */
function accepted(unconditionally: boolean): readonly GrantLevel[] {
  return unconditionally ? ['unconditional'] : ['conditional', 'unconditional'];
}

/** `can` some of the actions, `admin`, `can escalate`, read straight from the permission set and the paths. */
function referencePermission(condition: Extract<CheckedCondition, { kind: 'permission' }>, entity: Entity, env: PermissionEnv | undefined): Truth {
  if (env === undefined) throw new Error(`\`${condition.text}\` evaluated without the model's permissions`);
  const ok = accepted(condition.unconditionally);
  const question = condition.question;
  if (question.kind === 'escalate') {
    const paths = env.escalationsOf(entity);
    if (paths === UNKNOWN) return 'U';
    return paths.some((p) => ok.includes(p.level)) ? 'T' : 'F';
  }
  const set = env.permissionsOf(entity);
  if (set === UNKNOWN) return 'U';
  if (question.kind === 'admin') return ok.includes(set.admin()) ? 'T' : 'F';
  return question.actions.some((action) => ok.includes(set.query({ action, resource: question.resource }).level)) ? 'T' : 'F';
}

/** `scps deny` / `rcps deny`: the chain's decision read straight from the model, uncached. */
function referenceGuardrail(condition: Extract<CheckedCondition, { kind: 'guardrail' }>, account: Entity): Truth {
  const chain = controlChain(account, condition.policies);
  if (chain === UNKNOWN) return 'U';
  if (chain.kind !== 'chain' || (condition.policies === 'rcp' && !rcpApplies(condition.action))) return 'F';
  const id = account.attrs['id'];
  if (typeof id !== 'string') return 'U';
  const partition = typeof account.attrs['partition'] === 'string' ? account.attrs['partition'] : 'aws';
  const request = { action: condition.action, resource: condition.resource };
  const context = { accountId: id, partition, now: 0, principal: null };
  const { permitted } = condition.regions === null ? decideChain(chain, request, context) : decideChainOutside(chain, request, condition.regions, context);
  return (condition.unconditionally ? permitted === 0 : permitted !== 2) ? 'T' : 'F';
}

export function referenceCondition(condition: CheckedCondition, entity: Entity, env?: PermissionEnv): Truth {
  switch (condition.kind) {
    case 'constant':
      return condition.value ? 'T' : 'F';
    case 'have': {
      const v = read(entity, condition.path.steps);
      if (v === UNKNOWN) return 'U';
      if (v === null) return 'F';
      if (typeof v === 'boolean') return v ? 'T' : 'F';
      if (Array.isArray(v)) return v.length > 0 ? 'T' : 'F';
      return 'T';
    }
    case 'compare': {
      const l = read(entity, condition.left.steps);
      const r = operandValue(entity, condition.right);
      if (l === UNKNOWN || r === UNKNOWN) return 'U';
      // An absent value satisfies no positive comparison (so every negated one).
      if (l === null || r === null) return OPERATORS[condition.op].negated ? 'T' : 'F';
      // What the operator means on present values is the operator table's (semantics/operators.ts).
      return holds(condition.op, l, r, condition.byDay, condition.left.caseInsensitive) ? 'T' : 'F';
    }
    case 'count':
    case 'any':
    case 'all': {
      const v = read(entity, condition.path.steps);
      if (v === UNKNOWN) return 'U';
      const items = Array.isArray(v) ? (v as readonly (Entity | string)[]) : [];
      const where = condition.where;
      const truths: Truth[] = items.map((item) => (where === null || typeof item === 'string' ? 'T' : referenceCondition(where, item, env)));
      if (condition.kind === 'any') return orT(truths);
      if (condition.kind === 'all') return andT(truths);
      if (condition.kind !== 'count') throw new Error('unreachable');
      const { quantifier, count } = condition;
      const yes = truths.filter((t) => t === 'T').length;
      const maybe = truths.filter((t) => t === 'U').length;
      // The true count lies in [yes, yes + maybe]: decide when every count in that range agrees.
      const test = (n: number): boolean => (quantifier === 'at least' ? n >= count : quantifier === 'at most' ? n <= count : n === count);
      const outcomes = new Set<boolean>();
      for (let n = yes; n <= yes + maybe; n++) outcomes.add(test(n));
      return outcomes.size === 2 ? 'U' : outcomes.has(true) ? 'T' : 'F';
    }
    case 'exist': {
      if (condition.attribute === null) return 'T';
      const v = read(entity, [condition.attribute]);
      return v === UNKNOWN ? 'U' : v === true ? 'T' : 'F';
    }
    case 'allow':
    case 'trust': {
      const v = read(entity, [condition.attribute]);
      if (v === UNKNOWN) return 'U';
      if (!Array.isArray(v)) return 'F';
      const docs = v as readonly PolicyDocument[];
      const granted = condition.kind === 'allow' ? documentsAllow(docs, condition.action, condition.resource) : docs.some((d) => documentTrusts(d, condition.principal));
      return granted ? 'T' : 'F';
    }
    case 'statement-allow': {
      const values = condition.reads.map((path) => read(entity, path.steps));
      if (values.some((v) => v === UNKNOWN)) return 'U';
      const [effect, actions, notActions, resources, notResources] = values.map((v) => (Array.isArray(v) ? (v as readonly string[]) : v));
      if (effect !== 'Allow') return 'F';
      const texts = (v: unknown): readonly string[] => (Array.isArray(v) ? (v as readonly string[]) : []);
      return statementAllows({ effect, actions: texts(actions), notActions: texts(notActions), resources: texts(resources), notResources: texts(notResources) }, condition.action, condition.resource) ? 'T' : 'F';
    }
    case 'permission':
      return referencePermission(condition, entity, env);
    case 'guardrail':
      return referenceGuardrail(condition, entity);
    case 'and':
      return andT(condition.operands.map((c) => referenceCondition(c, entity, env)));
    case 'or':
      return orT(condition.operands.map((c) => referenceCondition(c, entity, env)));
    case 'not':
      return notT(referenceCondition(condition.operand, entity, env));
  }
}

/** A rule's verdict on an entity of its collection: T pass, F fail, U unknown. */
export function referenceVerdict(rule: CheckedRule, entity: Entity, env?: PermissionEnv): Truth {
  const body = rule.body;
  const inScope: Truth = body.scope.filter ? referenceCondition(body.scope.filter, entity, env) : 'T';
  const consequence: Truth = body.kind === 'denied' ? 'F' : body.kind === 'must' ? referenceCondition(body.condition, entity, env) : notT(referenceCondition(body.condition, entity, env));
  return orT([notT(inScope), consequence]);
}
