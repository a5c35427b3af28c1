import { type AttributeType, attributesOf, type Collection, DAY_MS, type Entity, type EntityAttributes, globMatches, type Model, UNKNOWN, type Value } from '../model/index.ts';
import type { AttributePath, CheckedCondition, CheckedException, CheckedProgram, CheckedRule, RelationCondition } from '../semantics/index.ts';
import { forEachRead, spacedName } from '../semantics/index.ts';
import { type CompiledRule, compileCondition, compileGetter, compileRule, type Predicate } from './compile.ts';
import type { AccountRef, EmptyScope, EvaluationResult, EvidenceValue, Finding, ResourceRef, RuleInfo, Waiver } from './finding.ts';
import { guardrailAnswer, guardrailEvidence, guardrailUnknownWhy } from './guardrails.ts';
import { PERMISSIONS } from './permission-provider.ts';
import { answer, levelHolds, type PermissionEnv, type PermissionProvider, permissionEnv, permissionEvidence } from './permissions.ts';
import { offReason } from './switched-off.ts';
import { FALSE, TRUE, type Tri, UNKNOWN_TRI } from './tri.ts';

/** Reads the values that decided a verdict, for the finding's evidence. */
interface EvidenceProbe {
  readonly key: string;
  readonly read: (entity: Entity, env: PermissionEnv) => EvidenceValue;
  /** Further keys beside `key` (a permissions predicate's grants); their values are computed by the same read. */
  readonly more?: (entity: Entity, env: PermissionEnv) => Readonly<Record<string, EvidenceValue>>;
  /** When `read` is unknown, what the snapshot lacks, as a clause for the message (a permissions or guardrail predicate's); an attribute's name says it already. */
  readonly why?: (entity: Entity, env: PermissionEnv) => string | null;
}

interface PreparedRule {
  readonly compiled: CompiledRule;
  readonly info: RuleInfo;
  readonly probes: readonly EvidenceProbe[];
}

export interface EvaluateOptions {
  /** Observers of evaluation, e.g. coverage or timing; called once per (rule, entity) verdict, with the model's permissions. */
  readonly onVerdict?: (rule: CheckedRule, entity: Entity, verdict: Tri, env: PermissionEnv) => void;
  /** Where permissions predicates get the model's permission analysis (tests give their own); the evaluator's by default. */
  readonly permissions?: PermissionProvider;
  /** An organization run's account: every finding carries it from the start (not copied after with it added). */
  readonly account?: AccountRef;
}

export function ruleInfo(rule: CheckedRule): RuleInfo {
  const off = offReason(rule);
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    rationale: rule.rationale,
    remediation: rule.remediation,
    references: rule.references,
    location: rule.location,
    source: rule.sourceLine,
    ...(off === null ? {} : { off }),
  };
}

/** Compiles a checked program once; the result can evaluate any number of models. */
export function compileProgram(program: CheckedProgram): readonly PreparedRule[] {
  return program.rules.map((rule) => ({ compiled: compileRule(rule), info: ruleInfo(rule), probes: evidenceProbes(rule) }));
}

export function evaluate(prepared: readonly PreparedRule[], model: Model, options: EvaluateOptions = {}): EvaluationResult {
  const findings: Finding[] = [];
  const emptyScopes: EmptyScope[] = [];
  let pass = 0;
  // Built lazily: a program without permissions predicates never analyses anything.
  const env = permissionEnv(model, options.permissions ?? PERMISSIONS);
  for (const { compiled, info, probes } of prepared) {
    // Switched off by its params: it judges nothing, so it has no verdicts, passes or empty scope.
    if (info.off !== undefined) continue;
    const rule = compiled.rule;
    const collection: Collection | undefined = model.collections[rule.body.scope.collection];
    if (!collection?.known) {
      const unlisted = collectionUnknownFinding(rule, info, model);
      findings.push(options.account === undefined ? unlisted : { ...unlisted, account: options.account });
      continue;
    }
    // `: fails …`, the same for every entity of the rule, joined to `user bob` in two concatenations, not four.
    const failure = `: ${failureText(rule)}`;
    const ruleFindings: Finding[] = [];
    // Whether some entity is (or may be) in scope: a verdict other than TRUE says so; a pass asks the
    // filter, until one entity is in scope, so a rule costs at most one extra filter call per entity.
    let scoped = compiled.filter === null;
    for (const entity of collection.entities) {
      const verdict = compiled.verdict(entity, env);
      options.onVerdict?.(rule, entity, verdict, env);
      if (verdict === TRUE) {
        pass++;
        if (!scoped && compiled.filter !== null && compiled.filter(entity, env) !== FALSE) scoped = true;
        continue;
      }
      scoped = true;
      ruleFindings.push(makeFinding(rule, info, entity, verdict, probes, failure, model, env, options.account));
    }
    if (collection.entities.length === 0) emptyScopes.push({ rule: rule.id, reason: 'no-entities' });
    else if (!scoped) emptyScopes.push({ rule: rule.id, reason: 'filter' });
    ruleFindings.sort((a, b) => (a.resource.key < b.resource.key ? -1 : a.resource.key > b.resource.key ? 1 : 0));
    // A loop, not push(...list): spreading a very long list overflows the call stack.
    for (const finding of ruleFindings) findings.push(finding);
  }
  let fail = 0;
  let unknown = 0;
  let waived = 0;
  for (const finding of findings) {
    if (finding.status === 'fail') fail++;
    else if (finding.status === 'unknown') unknown++;
    else waived++;
  }
  return {
    snapshot: { account: model.account.id, capturedAt: new Date(model.capturedAt).toISOString() },
    now: new Date(model.now).toISOString(),
    rules: prepared.map((p) => p.info),
    summary: { rules: prepared.length, fail, unknown, waived, pass },
    findings,
    missingSections: model.missingSections,
    ...(emptyScopes.length ? { emptyScopes } : {}),
  };
}

function resourceOf(entity: Entity): ResourceRef {
  return { type: entity.type, name: entity.name, arn: entity.arn, key: entity.key };
}

/** `access key ` for `access-key`: entity types as messages spell them, before the name (a handful; computed once each). */
const NOUNS = new Map<string, string>();

function nounOf(type: string): string {
  let noun = NOUNS.get(type);
  if (noun === undefined) {
    noun = `${type.replaceAll('-', ' ')} `;
    NOUNS.set(type, noun);
  }
  return noun;
}

function makeFinding(rule: CheckedRule, info: RuleInfo, entity: Entity, verdict: Tri, probes: readonly EvidenceProbe[], failure: string, model: Model, env: PermissionEnv, account: AccountRef | undefined): Finding {
  const evidence: Record<string, EvidenceValue> = {};
  let missing = '';
  // Predicates that say what they lack, by what: two asking about one principal usually lack the same.
  let lacking: Map<string, string[]> | null = null;
  for (const probe of probes) {
    const value = probe.read(entity, env);
    evidence[probe.key] = value;
    if (probe.more !== undefined) Object.assign(evidence, probe.more(entity, env));
    if (value !== 'unknown') continue;
    const why = probe.why?.(entity, env) ?? null;
    if (why === null) {
      missing += missing === '' ? `\`${probe.key}\`` : `, \`${probe.key}\``;
      continue;
    }
    lacking ??= new Map();
    const keys = lacking.get(why);
    if (keys === undefined) lacking.set(why, [probe.key]);
    else keys.push(probe.key);
  }
  const subject = `${nounOf(entity.type)}${entity.name}`;
  const message = verdict === UNKNOWN_TRI ? `${subject}: cannot be decided, ${unknownText(missing, lacking)}` : `${subject}${failure}`;
  const exception = matchingException(rule.exceptions, entity);
  const located: Waiver | null = exception ? { source: 'rule', until: exception.until, reason: exception.reason, location: exception.location } : null;
  const waived = exception !== null && (exception.expiresAt === null || model.now < exception.expiresAt);
  const resource = resourceOf(entity);
  const location = info.location;
  const status = waived ? 'waived' : verdict === FALSE ? 'fail' : 'unknown';
  const waiver = waived ? located : null;
  const expiredWaiver = waived ? null : located;
  // Keys in the order reporters have always printed them; two literals (no spread), one shape each.
  return account === undefined
    ? { rule: rule.id, severity: rule.severity, resource, message, evidence, location, status, waiver, expiredWaiver }
    : { rule: rule.id, severity: rule.severity, resource, message, evidence, location, status, waiver, expiredWaiver, account };
}

/** `\`mfa_active\` not collected`, `\`can "s3:*"\` is unknown: policy … is not in the snapshot`, or both, `; `-separated. */
function unknownText(missing: string, lacking: ReadonlyMap<string, readonly string[]> | null): string {
  const parts = missing === '' ? [] : [`${missing} not collected`];
  for (const [why, keys] of lacking ?? []) parts.push(`${keys.map((k) => `\`${k}\``).join(', ')} ${keys.length === 1 ? 'is' : 'are'} unknown: ${why}`);
  return parts.length === 0 ? 'data not collected' : parts.join('; ');
}

/** The verdict text of a failing finding, the same for every entity of the rule. */
function failureText(rule: CheckedRule): string {
  const body = rule.source.body;
  const line = rule.sourceLine;
  switch (body.kind) {
    case 'denied':
      return `is denied by \`${line}\``;
    case 'must':
    case 'must-not':
      return `fails \`${line}\``;
  }
}

/** The first exception naming this entity, or something it belongs to (a key's user, say). */
function matchingException(exceptions: readonly CheckedException[], entity: Entity): CheckedException | null {
  for (const exception of exceptions) {
    for (let e: Entity | null = entity; e !== null; e = e.owner) {
      if (e.type !== exception.entityType) continue;
      if (globMatches(exception.name, e.name, true) || (e.arn !== null && globMatches(exception.name, e.arn, false))) return exception;
    }
  }
  return null;
}

function collectionUnknownFinding(rule: CheckedRule, info: RuleInfo, model: Model): Finding {
  const name = rule.body.scope.collection;
  const sections = model.missingSections.length ? model.missingSections.join(', ') : 'the sections it needs';
  return {
    rule: rule.id,
    severity: rule.severity,
    status: 'unknown',
    resource: { type: rule.body.scope.entityType, name: `all ${spacedName(name)}`, arn: null, key: `collection/${name}` },
    message: `${spacedName(name)} could not be listed: ${sections} not collected`,
    evidence: {},
    location: info.location,
    waiver: null,
    expiredWaiver: null,
  };
}

// ---------------------------------------------------------------------------------------------
// evidence

export function formatDuration(ms: number): string {
  if (ms >= DAY_MS || ms <= -DAY_MS) return `${Math.trunc(ms / DAY_MS)}d`;
  return `${Math.trunc(ms / 3_600_000)}h`;
}

export function evidenceValue(value: Value, type: AttributeType): EvidenceValue {
  if (value === UNKNOWN) return 'unknown';
  if (value === null) return null;
  switch (type.kind) {
    case 'date':
      return typeof value === 'number' ? new Date(value).toISOString() : null;
    case 'duration':
      return typeof value === 'number' ? formatDuration(value) : null;
    case 'boolean':
    case 'number':
    case 'string':
      return typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string' ? value : null;
    case 'strings':
      return Array.isArray(value) ? (value as readonly string[]).slice() : null;
    case 'link':
      return typeof value === 'object' && 'name' in value ? value.name : null;
    case 'links':
      return Array.isArray(value) ? (value as readonly Entity[]).map((e) => e.name) : null;
    case 'policy-documents':
      return Array.isArray(value) ? `${value.length} document${value.length === 1 ? '' : 's'}` : null;
  }
}

function evidenceProbes(rule: CheckedRule): EvidenceProbe[] {
  const probes: EvidenceProbe[] = [];
  const seen = new Set<string>();
  const add = (probe: EvidenceProbe): void => {
    if (seen.has(probe.key)) return;
    seen.add(probe.key);
    probes.push(probe);
  };
  const pathProbe = (path: AttributePath): EvidenceProbe => {
    const get = compileGetter(path.steps);
    return { key: path.text, read: (e) => evidenceValue(get(e), path.type) };
  };
  // What each condition reads (semantics/condition-walk.ts) is shown as evidence; a relation shows
  // the linked entities its `where` does not rule out.
  const visit = (condition: CheckedCondition): void =>
    forEachRead(condition, (read) => {
      switch (read.kind) {
        case 'value':
          return add(pathProbe(read.path));
        case 'relation':
          return add(relationProbe(read.condition));
        case 'policies': {
          const c = read.condition;
          const key = c.kind === 'allow' ? `allow "${c.action}" on "${c.resource}"` : `trust "${c.principal}"`;
          const predicate = compileCondition(c);
          return add({ key, read: (e) => triEvidence(predicate(e)) });
        }
        case 'exists': {
          const get = compileGetter([read.attribute]);
          return add({ key: 'exists', read: (e) => evidenceValue(get(e), { kind: 'boolean' }) });
        }
        case 'permissions': {
          const { question, unconditionally, text } = read.condition;
          const evidenceOf = builtOncePerEntity((e, env) => {
            const result = answer(question, e, env);
            return permissionEvidence(text, result, result !== UNKNOWN && levelHolds(result.level, unconditionally));
          });
          return add({ key: text, read: (e, env) => evidenceOf(e, env)[text] ?? null, more: evidenceOf, why: (e, env) => env.whyUnknown(question, e) });
        }
        case 'guardrail': {
          const c = read.condition;
          const evidenceOf = builtOncePerEntity((e) => guardrailEvidence(c, guardrailAnswer(c, e)));
          return add({ key: c.text, read: (e, env) => evidenceOf(e, env)[c.text] ?? null, more: evidenceOf, why: (e) => guardrailUnknownWhy(c, e) });
        }
      }
    });
  const body = rule.body;
  if (body.scope.filter) visit(body.scope.filter);
  if (body.kind !== 'denied') visit(body.condition);
  return probes;
}

/**
 * A finding reads a probe's value, then its details, of the same entity: the evidence (a permission
 * answer or an SCP chain's, the costly part) is built once for both.
 */
function builtOncePerEntity(build: (e: Entity, env: PermissionEnv) => Record<string, EvidenceValue>): (e: Entity, env: PermissionEnv) => Record<string, EvidenceValue> {
  let last: { readonly e: Entity; readonly env: PermissionEnv; readonly evidence: Record<string, EvidenceValue> } | null = null;
  return (e, env) => {
    if (last?.e === e && last.env === env) return last.evidence;
    last = { e, env, evidence: build(e, env) };
    return last.evidence;
  };
}

/** The linked entities of a count or quantifier that its `where` does not rule out, unknown ones marked. */
function relationProbe(condition: RelationCondition): EvidenceProbe {
  const get = compileGetter(condition.path.steps);
  const where: Predicate | null = condition.where ? compileCondition(condition.where) : null;
  const key = where ? `${condition.path.text} matching` : condition.path.text;
  return {
    key,
    read: (e, env) => {
      const v = get(e);
      if (v === UNKNOWN) return 'unknown';
      if (!Array.isArray(v)) return [];
      const items = v as readonly (Entity | string)[];
      // One verdict of `where` per item: it decides both whether the item is shown and whether it is marked unknown.
      const shown: EvidenceValue[] = [];
      for (const item of items) {
        if (typeof item === 'string') {
          shown.push(item);
          continue;
        }
        const verdict = where === null ? TRUE : where(item, env);
        if (verdict === FALSE) continue;
        const text = item.type === 'statement' ? statementEvidence(item) : item.name;
        shown.push(verdict === UNKNOWN_TRI ? `${text} (unknown)` : text);
      }
      return shown;
    },
  };
}

/** The statement attributes statementEvidence shows: a program that lists statements reads them (reads.ts). */
export const STATEMENT_EVIDENCE = ['effect', 'actions', 'not_actions', 'resources', 'not_resources', 'principals', 'not_principals', 'conditions'] as const;

/** At most this many values of one statement field are shown; the rest are counted. */
const STATEMENT_FIELD_ITEMS = 3;

/**
 * A statement as evidence: what it grants, to whom and under which conditions, so a reader sees
 * why it matched and not only its id: `ci/1: Allow iam:PassRole on *`,
 * `open/1: Allow sts:AssumeRole principal * when StringEquals aws:PrincipalOrgID=o-1`.
 */
export function statementEvidence(statement: Entity): string {
  // Typed to STATEMENT_EVIDENCE, so that what programReads computes and what is shown agree.
  const a: Pick<EntityAttributes<'statement'>, (typeof STATEMENT_EVIDENCE)[number]> | null = attributesOf(statement, 'statement');
  if (a === null) return `${statement.name}: ?`;
  const effect = typeof a.effect === 'string' ? a.effect : '?';
  return (
    `${statement.name}: ${effect}` +
    statementField('', a.actions) +
    statementField('not', a.not_actions) +
    statementField('on', a.resources) +
    statementField('not on', a.not_resources) +
    statementField('principal', a.principals) +
    statementField('not principal', a.not_principals) +
    statementField('when', a.conditions)
  );
}

/**
 * One field of a statement's evidence: ` on [a, b, c (+2 more)]`, its first values and how many more
 * (strings only; unknown or absent is no field). One pass, no lists: a finding can show many statements.
 */
function statementField(label: string, values: EntityAttributes<'statement'>['actions']): string {
  if (!Array.isArray(values) || values.length === 0) return '';
  let shown = '';
  let count = 0;
  for (const value of values as readonly unknown[]) {
    if (typeof value !== 'string') continue;
    if (count < STATEMENT_FIELD_ITEMS) shown += count === 0 ? value : `, ${value}`;
    count++;
  }
  if (count === 0) return '';
  const text = count > 1 ? `[${shown}${count > STATEMENT_FIELD_ITEMS ? ` (+${count - STATEMENT_FIELD_ITEMS} more)` : ''}]` : shown;
  return label === '' ? ` ${text}` : ` ${label} ${text}`;
}

function triEvidence(t: Tri): EvidenceValue {
  return t === TRUE ? true : t === FALSE ? false : 'unknown';
}
