import type { Span } from '../diagnostics/index.ts';
import { error } from '../diagnostics/index.ts';
import type { EntityType } from '../model/index.ts';
import { type CanWhat, type Condition, printCondition, type StringsOperand } from '../syntax/index.ts';
import { unknownAction } from './action-names.ts';
import { type Context, suggestionHint } from './check-context.ts';
import type { CheckedCondition, ConstantType, ConstantValue, PermissionQuestion } from './checked-ast.ts';
import { literalConstant } from './literal-constant.ts';
import { type Schema, spacedName } from './resolve-names.ts';
import { isResourcePattern, notResourceMessage } from './resource-pattern.ts';

// `can`, `admin` and `can escalate`: the effective permissions of a principal (user, group, role).

type PermissionAst = Extract<Condition, { kind: 'can' | 'admin' }>;

export function checkPermission(condition: PermissionAst, entityType: EntityType, ctx: Context): CheckedCondition | null {
  const spec = ctx.schema.entityTypes[entityType];
  const verb = condition.kind === 'admin' ? condition.style : condition.what.kind === 'escalate' ? `${condition.style} escalate` : condition.style;
  if (spec.principal !== true) {
    const noun = spacedName(entityType.replace(/-/g, '_'));
    ctx.report(
      error('check/not-applicable', `\`${verb}\` needs a principal with permissions, and ${article(noun)} ${noun} is none`, condition.span, {
        hint: `\`${verb}\` applies to ${principalTypes(ctx.schema)}; \`allow\` asks what one policy grants`,
      }),
    );
    return null;
  }
  const question = questionOf(condition, ctx);
  if (question === null) return null;
  return { kind: 'permission', question, unconditionally: condition.unconditionally, text: printCondition(condition), span: condition.span };
}

function questionOf(condition: PermissionAst, ctx: Context): PermissionQuestion | null {
  if (condition.kind === 'admin') return { kind: 'admin' };
  if (condition.what.kind === 'escalate') return { kind: 'escalate' };
  const actions = actionsOf(condition.what, ctx);
  if (actions === null || !knownActions(condition.what, actions, ctx)) return null;
  const resource = condition.what.resource ?? null;
  if (resource !== null && !isResourcePattern(resource.value)) {
    ctx.report(error('check/bad-operand', notResourceMessage(resource.value), resource.span, { hint: 'for example `on "arn:aws:s3:::payroll/*"` or `on "arn:aws:iam::*:role/*"`' }));
    return null;
  }
  return { kind: 'can', actions, resource: resource?.value ?? null };
}

/**
 * Every action must match some catalog action: one that matches none is never granted, so the
 * predicate could not mean what it says (`must not can "iam:CreatAccessKey"` would always pass).
 * Only the named service's data is read: a pattern with a wildcard service (`*:Get*`) is not checked
 * here, since it would read every service (`guard who-can` checks it).
 */
function knownActions(what: Extract<CanWhat, { kind: 'actions' }>, actions: readonly string[], ctx: Context): boolean {
  const written = what.actions;
  // A list literal's items carry their own spans; a string or a let/param name is one place.
  const spanOf = (i: number): Span => (written.kind === 'list' ? (written.items[i]?.span ?? written.span) : written.span);
  let ok = true;
  actions.forEach((action, i) => {
    const problem = unknownAction(action, ctx.actions, { wildcardServices: false });
    if (problem === null) return;
    ok = false;
    const via = written.kind === 'name' ? ` (from \`${written.words.map((w) => w.text).join(' ')}\`)` : '';
    ctx.report(error('check/unknown-action', `${problem.message}${via}`, spanOf(i), { hint: problem.hint }));
  });
  return ok;
}

/** The actions of `can`: a string, a list of strings, or a let/param holding either. */
function actionsOf(what: Extract<CanWhat, { kind: 'actions' }>, ctx: Context): readonly string[] | null {
  return stringsOf(what.actions, ctx, {
    verb: '`can` takes an action or a list of actions',
    hint: 'write actions as strings: `can "iam:PassRole"`, `can ["iam:CreateAccessKey", "iam:CreateLoginProfile"]`',
    nameHint: 'write the action as a string, `can "iam:PassRole"`, or a list of them',
  });
}

/** The strings of a string, a list literal, or a let/param name holding either; null after reporting. */
export function stringsOf(written: StringsOperand, ctx: Context, says: { readonly verb: string; readonly hint: string; readonly nameHint: string }): readonly string[] | null {
  let typed: { readonly type: ConstantType; readonly value: ConstantValue } | null;
  if (written.kind === 'name') {
    const name = written.words.map((w) => w.text).join(' ');
    const binding = ctx.bindings.get(name);
    if (binding === undefined) {
      ctx.report(
        error('check/unknown-name', `\`${name}\` is not a let or param name`, written.span, {
          hint: ctx.bindings.size ? suggestionHint(name, [...ctx.bindings.keys()], 'names in scope') : says.nameHint,
        }),
      );
      return null;
    }
    binding.used.value = true;
    typed = binding;
  } else {
    typed = literalConstant(written, ctx.report);
    if (typed === null) return null;
  }
  const { type, value } = typed;
  if (type.kind === 'string' && typeof value === 'string') return [value];
  if (type.kind === 'list' && (type.of === 'string' || type.of === 'empty') && Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  ctx.report(error('check/type-mismatch', `${says.verb}, not ${type.kind === 'list' ? `a list of ${type.of}s` : `a ${type.kind}`}`, written.span, { hint: says.hint }));
  return null;
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? 'an' : 'a';
}

function principalTypes(schema: Schema): string {
  const names = Object.values(schema.entityTypes)
    .filter((t) => t.principal === true)
    .map((t) => (t.type === 'identity' ? 'identities' : `${spacedName(t.type.replace(/-/g, '_'))}s`));
  return names.length ? names.join(', ') : 'nothing in this schema';
}
