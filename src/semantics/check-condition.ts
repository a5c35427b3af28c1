import { error } from '../diagnostics/index.ts';
import type { EntityType } from '../model/index.ts';
import type { ComparisonOp, Condition, NamePhrase } from '../syntax/index.ts';
import { checkComparison, checkConstantComparison } from './check-comparison.ts';
import { type Context, phraseOf, suggestionHint } from './check-context.ts';
import { checkGuardrail } from './check-guardrail.ts';
import { checkPermission } from './check-permission.ts';
import type { AttributePath, CheckedCondition } from './checked-ast.ts';
import { describeType, resolveAttributePath, type Schema, spacedName } from './resolve-names.ts';

// Conditions: names resolved to attribute paths on the entity type they are evaluated on.

function resolvePath(phrase: NamePhrase, entityType: EntityType, ctx: Context): AttributePath | null {
  const resolved = resolveAttributePath(ctx.schema, entityType, phrase.words);
  const text = phrase.words.map((w) => w.text).join(' ');
  if (resolved.ok) return { steps: resolved.steps, type: resolved.type, text, span: phrase.span };
  const unresolvedText = resolved.unresolved.map((w) => w.text).join(' ');
  const where = phraseOf(resolved.unresolved).span;
  const owner = spacedName(resolved.entityType.replace(/-/g, '_'));
  if (resolved.notALink) {
    ctx.report(error('check/unknown-attribute', `\`${spacedName(resolved.notALink)}\` is not a link, so \`${unresolvedText}\` cannot follow it`, where));
    return null;
  }
  ctx.report(
    error('check/unknown-attribute', `${owner} has no attribute \`${unresolvedText}\``, where, {
      hint: suggestionHint(unresolvedText, resolved.candidates, `attributes of ${owner}`),
    }),
  );
  return null;
}

export function checkCondition(condition: Condition, entityType: EntityType, ctx: Context): CheckedCondition | null {
  switch (condition.kind) {
    case 'have': {
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
      const spec = ctx.schema.entityTypes[entityType];
      if (!spec.trustPolicy) {
        ctx.report(
          error('check/not-applicable', `\`trust\` needs a trust policy, and a ${spacedName(entityType.replace(/-/g, '_'))} has none`, condition.span, {
            hint: `\`trust\` applies to ${typesWith(ctx.schema, 'trustPolicy')}`,
          }),
        );
        return null;
      }
      return { kind: 'trust', attribute: spec.trustPolicy, principal: condition.principal.value, span: condition.span };
    }
    case 'can':
    case 'admin':
      return checkPermission(condition, entityType, ctx);
    case 'guardrail':
      return checkGuardrail(condition, entityType, ctx);
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
