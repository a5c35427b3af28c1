import { error, type Span } from '../diagnostics/index.ts';
import type { EntityType } from '../model/index.ts';
import type { ComparisonOp, Condition, NamePhrase, PrincipalClass } from '../syntax/index.ts';
import { checkComparison, checkConstantComparison } from './check-comparison.ts';
import { type Context, type NamedCondition, phraseOf, suggestionHint } from './check-context.ts';
import { checkGuardrail } from './check-guardrail.ts';
import { checkPermission } from './check-permission.ts';
import type { AttributePath, CheckedCondition } from './checked-ast.ts';
import { canonicalName, describeType, resolveAttributePath, resolveView, type Schema, spacedName } from './resolve-names.ts';

// Conditions: names resolved to attribute paths on the entity type they are evaluated on.

function resolvePath(phrase: NamePhrase, entityType: EntityType, ctx: Context): AttributePath | null {
  const resolved = resolveAttributePath(ctx.schema, entityType, phrase.words);
  const text = phrase.words.map((w) => w.text).join(' ');
  if (resolved.ok) return { steps: resolved.steps, type: resolved.type, text, span: phrase.span, ...(resolved.caseInsensitive === null ? {} : { caseInsensitive: resolved.caseInsensitive }) };
  const unresolvedText = resolved.unresolved.map((w) => w.text).join(' ');
  const where = phraseOf(resolved.unresolved).span;
  const owner = spacedName(resolved.entityType.replace(/-/g, '_'));
  if (resolved.notALink) {
    ctx.report(error('check/unknown-attribute', `\`${spacedName(resolved.notALink)}\` is not a link, so \`${unresolvedText}\` cannot follow it`, where));
    return null;
  }
  // Named conditions of this entity type are candidates too, where the phrase starts.
  const named = resolved.entityType === entityType ? [...ctx.definitions.byName.values()].filter((d) => d.entityType === entityType).map((d) => d.text) : [];
  ctx.report(
    error('check/unknown-attribute', `${owner} has no attribute \`${unresolvedText}\``, where, {
      hint: copulaHint(phrase, entityType, ctx) ?? suggestionHint(unresolvedText, [...resolved.candidates, ...named], `attributes of ${owner}`),
    }),
  );
  return null;
}

/** A phrase that names no attribute of the entity but a named condition: that condition ('broken' when it did not check). */
function namedCondition(phrase: NamePhrase, entityType: EntityType, ctx: Context): NamedCondition | 'broken' | null {
  const name = canonicalName(phrase.words.map((w) => w.text));
  const definition = ctx.definitions.byName.get(name);
  if ((definition === undefined && !ctx.definitions.broken.has(name)) || resolveAttributePath(ctx.schema, entityType, phrase.words).ok) return null;
  return definition ?? 'broken';
}

/**
 * `pinning sub_key`, `between low 10`: the words after a definition's name that are let, param or
 * parameter names are its first arguments (the parser cannot tell them from more words of the
 * name). Only for a phrase that names no attribute; the longest definition name wins.
 */
function namedWithNames(phrase: NamePhrase, entityType: EntityType, ctx: Context): { readonly definition: NamedCondition | 'broken'; readonly names: readonly NamePhrase[] } | null {
  const words = phrase.words;
  const last = words[words.length - 1];
  // Most phrases are attributes: the cheap test first.
  if (last === undefined || !ctx.bindings.has(last.text) || resolveAttributePath(ctx.schema, entityType, words).ok) return null;
  for (let trailing = 1; trailing < words.length; trailing++) {
    const word = words[words.length - trailing];
    if (word === undefined || !ctx.bindings.has(word.text)) return null;
    const name = canonicalName(words.slice(0, words.length - trailing).map((w) => w.text));
    const definition = ctx.definitions.byName.get(name) ?? (ctx.definitions.broken.has(name) ? 'broken' : undefined);
    if (definition !== undefined) return { definition, names: words.slice(words.length - trailing).map((w) => phraseOf([w])) };
  }
  return null;
}

/** `must be mfa`, `is active`: English puts a verb before a flag; the language says `have` (`must have mfa`, `have active`). */
function copulaHint(phrase: NamePhrase, entityType: EntityType, ctx: Context): string | undefined {
  const [first, ...rest] = phrase.words;
  if (first === undefined || rest.length === 0 || !['be', 'is', 'are'].includes(first.text.toLowerCase())) return undefined;
  if (!resolveAttributePath(ctx.schema, entityType, rest).ok) return undefined;
  return `attributes follow \`have\`: write \`have ${rest.map((w) => w.text).join(' ')}\``;
}

/**
 * A filtered list (`allow statements`): the relation it filters, and the filter as a comparison of
 * the linked entity's attribute, joined before the `where` written after it.
 */
function viewOf(phrase: NamePhrase, entityType: EntityType, ctx: Context): { path: AttributePath; filter: CheckedCondition } | null {
  const view = resolveView(ctx.schema, entityType, phrase.words);
  if (view === undefined) return null;
  const relation = ctx.schema.entityTypes[entityType].attributes.find((a) => a.name === view.relation);
  if (relation === undefined || relation.type.kind !== 'links') return null;
  const span = phrase.span;
  const text = phrase.words.map((w) => w.text).join(' ');
  const filter: CheckedCondition = {
    kind: 'compare',
    op: '=',
    left: { steps: [view.attribute], type: { kind: 'string' }, text: view.attribute, span },
    right: { kind: 'constant', type: { kind: 'string' }, value: view.value, text: JSON.stringify(view.value) },
    byDay: false,
    span,
  };
  return { path: { steps: [view.relation], type: relation.type, text, span }, filter };
}

function filtered(view: CheckedCondition, where: CheckedCondition | null): CheckedCondition {
  return where === null ? view : { kind: 'and', operands: [view, where], span: where.span };
}

export function checkCondition(condition: Condition, entityType: EntityType, ctx: Context): CheckedCondition | null {
  switch (condition.kind) {
    case 'have': {
      const definition = namedCondition(condition.attribute, entityType, ctx);
      if (definition === 'broken') return null;
      if (definition !== null) return ctx.definitions.use(definition, [], condition.span, entityType, ctx);
      // `have allow statements`: at least one.
      const view = viewOf(condition.attribute, entityType, ctx);
      if (view) return { kind: 'count', quantifier: 'at least', count: 1, path: view.path, where: view.filter, span: condition.span };
      const withNames = namedWithNames(condition.attribute, entityType, ctx);
      if (withNames !== null) return withNames.definition === 'broken' ? null : ctx.definitions.use(withNames.definition, withNames.names, condition.span, entityType, ctx);
      const path = resolvePath(condition.attribute, entityType, ctx);
      return path && { kind: 'have', path, span: condition.span };
    }
    case 'have-value': {
      const path = resolvePath(condition.attribute, entityType, ctx);
      if (!path) return null;
      const op: ComparisonOp = path.type.kind === 'strings' || path.type.kind === 'links' ? 'contains' : '=';
      return checkComparison(path, op, condition.value, entityType, condition.span, ctx);
    }
    case 'compare': {
      const constant = checkConstantComparison(condition.left, condition.op, condition.right, entityType, condition.span, ctx);
      if (constant !== undefined) return constant;
      const path = resolvePath(condition.left, entityType, ctx);
      if (!path) return null;
      return checkComparison(path, condition.op, condition.right, entityType, condition.span, ctx);
    }
    case 'count':
    case 'no': {
      const view = viewOf(condition.attribute, entityType, ctx);
      if (view && view.path.type.kind === 'links') {
        const inner = condition.where && checkCondition(condition.where, view.path.type.target, ctx);
        if (condition.where && !inner) return null;
        const where = filtered(view.filter, inner);
        return condition.kind === 'no'
          ? { kind: 'count', quantifier: 'at most', count: 0, path: view.path, where, span: condition.span }
          : { kind: 'count', quantifier: condition.quantifier, count: condition.count, path: view.path, where, span: condition.span };
      }
      const path = resolvePath(condition.attribute, entityType, ctx);
      if (!path) return null;
      const target = countable(path, condition.where !== null, ctx);
      if (target === false) return null;
      const where = condition.where && target ? checkCondition(condition.where, target, ctx) : null;
      if (condition.where && !where) return null;
      return condition.kind === 'no'
        ? { kind: 'count', quantifier: 'at most', count: 0, path, where, span: condition.span }
        : { kind: 'count', quantifier: condition.quantifier, count: condition.count, path, where, span: condition.span };
    }
    case 'any':
    case 'all': {
      const view = viewOf(condition.attribute, entityType, ctx);
      if (view && view.path.type.kind === 'links') {
        const inner = checkCondition(condition.where, view.path.type.target, ctx);
        if (!inner) return null;
        // `all allow statements where C`: every statement that is Allow satisfies C.
        const where: CheckedCondition = condition.kind === 'any' ? filtered(view.filter, inner) : { kind: 'or', operands: [{ kind: 'not', operand: view.filter, span: view.filter.span }, inner], span: inner.span };
        return { kind: condition.kind, path: view.path, where, span: condition.span };
      }
      const path = resolvePath(condition.attribute, entityType, ctx);
      if (!path) return null;
      const target = countable(path, true, ctx);
      if (!target) return null;
      const where = checkCondition(condition.where, target, ctx);
      return where && { kind: condition.kind, path, where, span: condition.span };
    }
    case 'exist': {
      const spec = ctx.schema.entityTypes[entityType];
      const attribute = spec.attributes.find((a) => a.name === 'exists' && a.type.kind === 'boolean');
      return { kind: 'exist', attribute: attribute ? 'exists' : null, span: condition.span };
    }
    case 'allow': {
      const spec = ctx.schema.entityTypes[entityType];
      const statement = statementReads(entityType, condition.span, ctx);
      if (!spec.permissions && statement) {
        return { kind: 'statement-allow', action: condition.action.value, resource: condition.resource?.value ?? '*', reads: statement, span: condition.span };
      }
      if (!spec.permissions) {
        ctx.report(
          error('check/not-applicable', `\`allow\` needs something with permissions, and a ${spacedName(entityType.replace(/-/g, '_'))} has none`, condition.span, {
            hint: `\`allow\` applies to ${typesWith(ctx.schema, 'permissions')}`,
          }),
        );
        return null;
      }
      return {
        kind: 'allow',
        attribute: spec.permissions,
        action: condition.action.value,
        resource: condition.resource?.value ?? '*',
        span: condition.span,
      };
    }
    case 'trust': {
      const trustPolicy = trustPolicyOf(entityType, condition.span, ctx);
      if (trustPolicy === null) return null;
      return { kind: 'trust', attribute: trustPolicy, principal: condition.principal.value, span: condition.span };
    }
    case 'trust-class': {
      const trustPolicy = trustPolicyOf(entityType, condition.span, ctx);
      if (trustPolicy === null) return null;
      // Anyone is `trust "*"` (NotPrincipal counts); the other classes, some Allow trust statement's principal.
      if (condition.principal === 'anyone') return { kind: 'trust', attribute: trustPolicy, principal: '*', span: condition.span };
      const where: Condition = { kind: 'principal-is', principal: condition.principal, span: condition.span };
      return checkCondition({ kind: 'any', attribute: phrase(['allow_trust_statements'], condition.span), where, span: condition.span }, entityType, ctx);
    }
    case 'principal-is': {
      const spec = ctx.schema.entityTypes[entityType];
      const needed = PRINCIPAL_CLASS_ATTRIBUTES[condition.principal];
      if (!needed.every((name) => spec.attributes.some((a) => a.name === name))) {
        ctx.report(
          error('check/not-applicable', `\`principal is\` needs a statement, and a ${spacedName(entityType.replace(/-/g, '_'))} is not one`, condition.span, {
            hint: 'write it in a `where` of `statements` or `trust statements`',
          }),
        );
        return null;
      }
      const [first, ...more] = needed.map((name): Condition => ({ kind: 'have', attribute: phrase([name], condition.span), style: 'bare', span: condition.span }));
      if (first === undefined) return null;
      const [second, ...rest] = more;
      return checkCondition(second === undefined ? first : { kind: 'or', operands: [first, second, ...rest], span: condition.span }, entityType, ctx);
    }
    case 'requires-key': {
      const attribute = ctx.schema.entityTypes[entityType].attributes.find((a) => a.name === 'required_condition_keys');
      if (attribute === undefined) {
        ctx.report(
          error('check/not-applicable', `\`requires key\` needs a statement, and a ${spacedName(entityType.replace(/-/g, '_'))} is not one`, condition.span, {
            hint: 'write it in a `where` of `statements` or `trust statements`',
          }),
        );
        return null;
      }
      // The key is a glob, matched ignoring case like every condition key.
      const left: AttributePath = { steps: [attribute.name], type: attribute.type, text: 'required condition keys', span: condition.span, caseInsensitive: 'names' };
      return { kind: 'compare', op: 'matches', left, right: { kind: 'constant', type: { kind: 'string' }, value: condition.key.value, text: JSON.stringify(condition.key.value) }, byDay: false, span: condition.span };
    }
    case 'some':
      return checkCondition({ kind: 'count', quantifier: 'at least', count: 1, attribute: condition.attribute, where: condition.where, span: condition.span }, entityType, ctx);
    case 'can':
    case 'admin':
      return checkPermission(condition, entityType, ctx);
    case 'guardrail':
      return checkGuardrail(condition, entityType, ctx);
    case 'named': {
      const written = condition.name.words.map((w) => w.text).join(' ');
      const name = canonicalName(condition.name.words.map((w) => w.text));
      const definition = ctx.definitions.byName.get(name);
      if (ctx.definitions.broken.has(name)) return null;
      const withNames = definition === undefined ? namedWithNames(condition.name, entityType, ctx) : null;
      if (withNames !== null) return withNames.definition === 'broken' ? null : ctx.definitions.use(withNames.definition, [...withNames.names, ...condition.arguments], condition.span, entityType, ctx);
      if (definition === undefined) {
        const names = [...ctx.definitions.byName.values()].map((d) => d.text);
        ctx.report(
          error('check/unknown-condition', `no named condition \`${written}\``, condition.name.span, {
            hint: names.length > 0 ? suggestionHint(written, names, 'named conditions') : `define it: \`define ${written} (<parameter> <type>) for <entity type>: <condition>\``,
          }),
        );
        return null;
      }
      return ctx.definitions.use(definition, condition.arguments, condition.span, entityType, ctx);
    }
    case 'and':
    case 'or': {
      const operands = condition.operands.map((o) => checkCondition(o, entityType, ctx));
      if (operands.some((o) => o === null)) return null;
      return { kind: condition.kind, operands: operands as CheckedCondition[], span: condition.span };
    }
    case 'not': {
      const operand = checkCondition(condition.operand, entityType, ctx);
      return operand && { kind: 'not', operand, span: condition.span };
    }
    case 'group':
      return checkCondition(condition.operand, entityType, ctx);
    case 'error':
      return null;
  }
}

/** What each class of principal is on a statement: any of these attributes holds (`other accounts` includes anyone). */
const PRINCIPAL_CLASS_ATTRIBUTES: Readonly<Record<PrincipalClass, readonly string[]>> = {
  anyone: ['public'],
  'other accounts': ['external_accounts', 'public'],
  service: ['principal_services'],
  'federated provider': ['principal_federated'],
};

function phrase(names: readonly string[], span: Span): NamePhrase {
  return { kind: 'name', words: names.map((text) => ({ text, span })), span };
}

const STATEMENT_FIELDS = ['effect', 'actions', 'not_actions', 'resources', 'not_resources'] as const;

/** The paths `allow` reads on a statement, or null on a type that is not one. */
function statementReads(entityType: EntityType, span: Span, ctx: Context): AttributePath[] | null {
  const attributes = ctx.schema.entityTypes[entityType].attributes;
  const paths: AttributePath[] = [];
  for (const name of STATEMENT_FIELDS) {
    const a = attributes.find((x) => x.name === name);
    if (a === undefined) return null;
    paths.push({ steps: [name], type: a.type, text: spacedName(name), span });
  }
  return paths;
}

/** The attribute holding the entity type's trust policy; null, reported, when it has none (`trust` does not apply). */
function trustPolicyOf(entityType: EntityType, span: Span, ctx: Context): string | null {
  const trustPolicy = ctx.schema.entityTypes[entityType].trustPolicy;
  if (trustPolicy) return trustPolicy;
  ctx.report(
    error('check/not-applicable', `\`trust\` needs a trust policy, and a ${spacedName(entityType.replace(/-/g, '_'))} has none`, span, {
      hint: `\`trust\` applies to ${typesWith(ctx.schema, 'trustPolicy')}`,
    }),
  );
  return null;
}

function typesWith(schema: Schema, field: 'permissions' | 'trustPolicy'): string {
  const names = Object.values(schema.entityTypes)
    .filter((t) => t[field] !== undefined)
    .map((t) => `${spacedName(t.type.replace(/-/g, '_'))}s`);
  return names.length ? names.join(', ') : 'nothing in this schema';
}

/** The linked entity type a quantifier ranges over; null for plain lists (no `where` allowed); false on error. */
function countable(path: AttributePath, hasWhere: boolean, ctx: Context): EntityType | null | false {
  if (path.type.kind === 'links') return path.type.target;
  if (path.type.kind === 'strings' && !hasWhere) return null;
  ctx.report(
    error('check/type-mismatch', `\`${path.text}\` is ${describeType(path.type)}, not a list of resources`, path.span, {
      hint: 'counting and `where` apply to lists of resources such as `access keys` or `groups`',
    }),
  );
  return false;
}
