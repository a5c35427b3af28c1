import { type Entity, type Model, UNKNOWN, type Unknown } from '../model/index.ts';
import type { ActionIndex, Escalation, Grant, GrantLevel, PermissionAnalysis, PermissionSet, StatementRef } from '../model/permissions/index.ts';
import { actionIndex, grantsNothing, mayGrant } from '../model/permissions/index.ts';
import type { PermissionQuestion } from '../semantics/index.ts';
import type { EvidenceValue } from './finding.ts';

/**
 * What permissions predicates (`can`, `admin`, `can escalate`) need of the model under evaluation:
 * its permission analysis, built on first use and then shared by every rule of the evaluation.
 * evaluate() makes one per model and hands it to every closure explicitly; nothing is cached
 * across models.
 */
export interface PermissionEnv {
  /** The principal's permission set; UNKNOWN when a policy it needs is not in the snapshot. */
  permissionsOf(principal: Entity): PermissionSet | Unknown;
  /** The escalation paths that apply to the principal; UNKNOWN when its permissions are. */
  escalationsOf(principal: Entity): readonly Escalation[] | Unknown;
  /** An action index over a question's actions (one per list, made on first use), or null when one would not help. */
  indexOf(actions: readonly string[]): ActionIndex | null;
  /** The answers to one `can` question, by permission set (its `query`, which principals sharing a set share). */
  answersTo(question: PermissionQuestion): WeakMap<object, PermissionAnswer>;
  /** Why the question is UNKNOWN for the principal, as a clause (`policy arn:… is not in the snapshot`): for messages, asked only of unknown answers. */
  whyUnknown(question: PermissionQuestion, principal: Entity): string;
}

/** How the analysis of a model is made: the evaluator's `permissionAnalysis`, and escalation paths over it. */
export interface PermissionProvider {
  readonly analyze: (model: Model) => PermissionAnalysis;
  readonly escalations: (analysis: PermissionAnalysis, principal: Entity) => readonly Escalation[] | Unknown;
  /** Why `escalations` is UNKNOWN for the principal; null when it is known. */
  readonly whyEscalationsUnknown: (analysis: PermissionAnalysis, principal: Entity) => string | null;
}

/** A lazy environment over one model: nothing is computed until a predicate asks, and each answer once. */
export function permissionEnv(model: Model, provider: PermissionProvider): PermissionEnv {
  let analysis: PermissionAnalysis | undefined;
  const analyzed = (): PermissionAnalysis => {
    analysis ??= provider.analyze(model);
    return analysis;
  };
  const escalations = new Map<Entity, readonly Escalation[] | Unknown>();
  const indexes = new WeakMap<readonly string[], ActionIndex | null>();
  const answers = new WeakMap<PermissionQuestion, WeakMap<object, PermissionAnswer>>();
  return {
    answersTo: (question) => {
      let held = answers.get(question);
      if (held === undefined) {
        held = new WeakMap();
        answers.set(question, held);
      }
      return held;
    },
    permissionsOf: (principal) => analyzed().of(principal),
    whyUnknown: (question, principal) => (question.kind === 'escalate' ? provider.whyEscalationsUnknown(analyzed(), principal) : analyzed().whyUnknown(principal)) ?? 'something it needs is not in the snapshot',
    escalationsOf: (principal) => {
      let paths = escalations.get(principal);
      if (paths === undefined) {
        paths = provider.escalations(analyzed(), principal);
        escalations.set(principal, paths);
      }
      return paths;
    },
    indexOf: (actions) => {
      let index = indexes.get(actions);
      if (index === undefined) {
        // Globs expand to catalog actions (permission-set.ts), which an index over the list does not hold.
        index = actions.length > 1 && !actions.some((a) => a.includes('*') || a.includes('?')) ? actionIndex(actions, analyzed().catalog) : null;
        indexes.set(actions, index);
      }
      return index;
    },
  };
}

const RANK: Readonly<Record<GrantLevel, number>> = { none: 0, conditional: 1, unconditional: 2 };

/** The stronger of two grant levels. */
export function strongerLevel(a: GrantLevel, b: GrantLevel): GrantLevel {
  return RANK[b] > RANK[a] ? b : a;
}

/** Whether a grant of this level satisfies the predicate: any grant, or (`unconditionally`) an unconditional one. */
export function levelHolds(level: GrantLevel, unconditionally: boolean): boolean {
  return unconditionally ? level === 'unconditional' : level !== 'none';
}

/** The answer to a question: its level and, for evidence, the grants or paths behind it. */
export type PermissionAnswer = { readonly level: GrantLevel; readonly grants: readonly Grant[]; readonly paths: readonly Escalation[] } | Unknown;

const GRANTS_NOTHING: PermissionAnswer = { level: 'none', grants: [], paths: [] };

/** Answers a permissions question about a principal: the strongest level among its actions (`can` some of them). */
export function answer(question: PermissionQuestion, principal: Entity, env: PermissionEnv): PermissionAnswer {
  if (question.kind === 'escalate') {
    const paths = env.escalationsOf(principal);
    if (paths === UNKNOWN) return UNKNOWN;
    const level = paths.reduce<GrantLevel>((l, p) => strongerLevel(l, p.level), 'none');
    return { level, grants: [], paths };
  }
  const set = env.permissionsOf(principal);
  if (set === UNKNOWN) return UNKNOWN;
  if (question.kind === 'admin') return { level: set.admin(), grants: [], paths: [] };
  // Most sets name few of a long list's actions: the others are granted on nothing (action-index.ts),
  // which the mask says without a query. It reads resources as a question without one does: so on `*` too, where an Allow must cover every resource.
  const index = question.resource === null || question.resource === '*' ? env.indexOf(question.actions) : null;
  const mask = index === null ? null : set.grantable(index);
  // Most sets of a large account name none of the list's actions: one shared answer, no loop.
  if (mask !== null && grantsNothing(mask)) return GRANTS_NOTHING;
  // The answer is kept per set and question (a failing principal's verdict and its evidence ask it
  // twice, principals sharing a set once): the set keeps none of the actions' answers, so a long
  // list's grants (the credential actions, 80,000 on the large account) are not all kept to the end.
  const held = env.answersTo(question);
  const found = held.get(set.query);
  if (found !== undefined) return found;
  const grants: Grant[] = [];
  let level: GrantLevel = 'none';
  if (index !== null && mask !== null && question.resource !== null) {
    // On one resource every action of the list is decided at once (decide-many.ts). The index
    // holds the list's actions once each, in order: a repeated action adds nothing to the merge.
    for (const grant of set.grantsOn(index, mask, question.resource)) {
      level = strongerLevel(level, grant.level);
      grants.push(grant);
    }
  } else {
    for (const action of question.actions) {
      if (index !== null && mask !== null && !mayGrant(index, mask, action)) continue;
      const grant = set.query({ action, resource: question.resource }, question.actions.length === 1);
      level = strongerLevel(level, grant.level);
      if (grant.level !== 'none') grants.push(grant);
    }
  }
  const result: PermissionAnswer = level === 'none' ? GRANTS_NOTHING : { level, grants: grants.length > 1 ? [merged(level, grants)] : grants, paths: NO_PATHS };
  held.set(set.query, result);
  return result;
}

const NO_PATHS: readonly Escalation[] = [];

/** One grant holding what evidence reads of several (their actions, statements and conditions, each once, in order). */
function merged(level: GrantLevel, grants: readonly Grant[]): Grant {
  const actions = unique(grants.flatMap((g) => g.actions));
  const allowedBy = [...new Set(grants.flatMap((g) => g.allowedBy))];
  const conditions = unique(grants.flatMap((g) => g.conditions));
  return { level, actions, allowedBy, conditions };
}

// A statement is named in the evidence of every principal holding its policy, and of every path
// through it: its text is built once (refs live as long as the analysis that made them).
const REF_TEXTS = new WeakMap<StatementRef, string>();

/** `AdministratorAccess#1`, `dev/inline#2 (via group dev)`. */
export function statementRefText(ref: StatementRef): string {
  let text = REF_TEXTS.get(ref);
  if (text === undefined) {
    const sid = ref.sid === null ? '' : ` (${ref.sid})`;
    text = `${ref.policy}#${ref.index}${sid}${ref.via === null ? '' : ` via group ${ref.via}`}`;
    REF_TEXTS.set(ref, text);
  }
  return text;
}

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/**
 * Evidence of a permissions predicate, under its text (`can "iam:PassRole" on "*"`): the verdict,
 * and when anything is granted the level, the actions, the statements that grant them and the
 * conditions they depend on; for escalation each path with its enabling actions, statements and hops.
 */
export function permissionEvidence(key: string, result: PermissionAnswer, holds: boolean): Record<string, EvidenceValue> {
  if (result === UNKNOWN) return { [key]: 'unknown' };
  const evidence: Record<string, EvidenceValue> = { [key]: holds };
  if (result.level === 'none') return evidence;
  evidence[`${key}: level`] = result.level;
  if (result.paths.length > 0) {
    evidence[`${key}: paths`] = pathTexts(result.paths);
    return evidence;
  }
  if (result.grants.length === 0) return evidence;
  // answer() leaves one grant (several are merged), whose actions and conditions each name once
  // already (permission-set.ts): shared as they are, not copied through a Set per finding.
  const sole = result.grants.length === 1 ? (result.grants[0] as Grant) : null;
  evidence[`${key}: actions`] = sole === null ? unique(result.grants.flatMap((g) => g.actions)) : sole.actions;
  // Two statements may read the same (same-named policies at two paths): the texts stay unique.
  evidence[`${key}: granted by`] = unique(result.grants.flatMap((g) => g.allowedBy.map(statementRefText)));
  const conditions = sole === null ? unique(result.grants.flatMap((g) => g.conditions)) : sole.conditions;
  if (conditions.length > 0) evidence[`${key}: conditions`] = conditions;
  return evidence;
}

// Both rules asking `can escalate` of a principal read its one list (escalationsOf keeps it), so each
// list's texts are built once and shared, never copied (evidence is read-only). No cache per path:
// every path object belongs to one principal's list, so one would only cost a weak entry each.
const PATH_TEXTS = new WeakMap<readonly Escalation[], readonly string[]>();

function pathTexts(paths: readonly Escalation[]): readonly string[] {
  let texts = PATH_TEXTS.get(paths);
  if (texts === undefined) {
    texts = paths.map(pathText);
    PATH_TEXTS.set(paths, texts);
  }
  return texts;
}

/** `iam-001 (CreatePolicyVersion): iam:CreatePolicyVersion by ci#1; via arn:...:role/a`. */
function pathText(path: Escalation): string {
  // Built by one join, so each text is one flat string: a template of parts is a tree of a dozen
  // string objects, which every collection copies until the report is written (59,000 texts on the large account).
  const parts: string[] = [path.pathId, ' (', path.pathName, '): ', actionsText(path.actions)];
  // A path names a few statements: a list is checked for repeats more cheaply than a Set is built.
  const by: string[] = [];
  for (const ref of path.statements) {
    const text = statementRefText(ref);
    if (by.includes(text)) continue;
    parts.push(by.length === 0 ? ' by ' : ', ', text);
    by.push(text);
  }
  for (let i = 0; i < path.hops.length; i++) parts.push(i === 0 ? '; via ' : ' -> ', path.hops[i] as string);
  if (path.level === 'conditional') parts.push(' (conditional)');
  return parts.join('');
}

// A path's actions are one list per rule (and per chain of a rule), shared by every path found for it.
const ACTION_TEXTS = new WeakMap<readonly string[], string>();

function actionsText(actions: readonly string[]): string {
  let text = ACTION_TEXTS.get(actions);
  if (text === undefined) {
    text = actions.join(', ');
    ACTION_TEXTS.set(actions, text);
  }
  return text;
}
