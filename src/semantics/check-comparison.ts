import { error, type Span } from '../diagnostics/index.ts';
import type { EntityType } from '../model/index.ts';
import type { ComparisonOp, NamePhrase, Operand } from '../syntax/index.ts';
import { type Binding, type Context, suggestionHint } from './check-context.ts';
import type { AttributePath, CheckedCondition, CheckedOperand, ConstantType } from './checked-ast.ts';
import { literalConstant } from './literal-constant.ts';
import { accepts, comparesByDay, mismatchHint, type OperandKind } from './operators.ts';
import { describeType, resolveAttributePath } from './resolve-names.ts';

// The right of a comparison (a let or param name, an attribute, a literal) and its typing against
// the left, by the operator table (operators.ts).

interface OperandInfo {
  readonly kind: OperandKind;
  readonly describe: string;
  readonly operand: CheckedOperand;
  /** A date constant, or a list of them: a date compared with it compares by day. */
  readonly dateConstant: boolean;
}

function checkOperand(operand: Operand, entityType: EntityType, ctx: Context): OperandInfo | null {
  if (operand.kind === 'name') {
    const words = operand.words;
    const single = words.length === 1 ? words[0] : undefined;
    const binding = single ? ctx.bindings.get(single.text) : undefined;
    if (binding) {
      binding.used.value = true;
      // A let or param reads as its name; a named condition's parameter as the argument it was given.
      const shown = 'kind' in binding.declaration ? binding.name : binding.text;
      return constantInfo({ kind: 'constant', type: binding.type, value: binding.value, text: shown }, binding.type);
    }
    const resolved = resolveAttributePath(ctx.schema, entityType, words);
    const text = words.map((w) => w.text).join(' ');
    if (resolved.ok) {
      const path: AttributePath = { steps: resolved.steps, type: resolved.type, text, span: operand.span };
      return { kind: resolved.type.kind, describe: describeType(resolved.type), operand: { kind: 'attribute', path }, dateConstant: false };
    }
    const candidates = [...ctx.bindings.keys(), ...resolved.candidates];
    ctx.report(
      error('check/unknown-name', `\`${text}\` is neither a let or param name nor an attribute`, operand.span, {
        hint: suggestionHint(text, candidates, 'names in scope'),
      }),
    );
    return null;
  }
  const constant = literalConstant(operand, ctx.report);
  if (!constant) return null;
  return constantInfo({ kind: 'constant', type: constant.type, value: constant.value, text: constant.text }, constant.type);
}

function constantInfo(operand: CheckedOperand, type: ConstantType): OperandInfo {
  // A list of dates compares by day like each of its dates (`created in [2027-01-01]`).
  if (type.kind === 'list') {
    return { kind: type.of === 'empty' ? 'empty list' : `list of ${type.of}`, describe: `a list of ${type.of}s`, operand, dateConstant: type.of === 'date' };
  }
  return { kind: type.kind, describe: `a ${type.kind}`, operand, dateConstant: type.kind === 'date' };
}

export function checkComparison(left: AttributePath, op: ComparisonOp, rightOperand: Operand, entityType: EntityType, span: Span, ctx: Context): CheckedCondition | null {
  const right = checkOperand(rightOperand, entityType, ctx);
  if (!right) return null;
  if (!accepts(op, left.type.kind, right.kind)) {
    ctx.report(
      error('check/type-mismatch', `\`${left.text}\` is ${describeType(left.type)}, so \`${op}\` cannot take ${right.describe}`, span, {
        hint: mismatchHint(left.type, op, right.kind),
      }),
    );
    return null;
  }
  return { kind: 'compare', op, left, right: right.operand, byDay: comparesByDay(op, left.type.kind, right.dateConstant), span };
}

/**
 * A let or param name (not an attribute of the entity) on the left: `allowed_regions != []`, decided
 * when the file is checked, with the params given to the run. Only `=` and `!=` against a constant:
 * it switches a rule on by a param (policies/organizations.guard, the region guardrail).
 * Undefined when the left is not such a name (the caller resolves it as an attribute).
 */
export function checkConstantComparison(left: NamePhrase, op: ComparisonOp, rightOperand: Operand, entityType: EntityType, span: Span, ctx: Context): CheckedCondition | null | undefined {
  const single = left.words.length === 1 ? left.words[0] : undefined;
  const binding = single ? ctx.bindings.get(single.text) : undefined;
  if (binding === undefined || resolveAttributePath(ctx.schema, entityType, left.words).ok) return undefined;
  binding.used.value = true;
  const right = checkOperand(rightOperand, entityType, ctx);
  if (!right) return null;
  const leftKind = constantInfo({ kind: 'constant', type: binding.type, value: binding.value, text: binding.name }, binding.type).kind;
  const lists = leftKind.startsWith('list') || leftKind === 'empty list';
  const comparable = right.operand.kind === 'constant' && (right.kind === leftKind || (lists && (right.kind === 'empty list' || leftKind === 'empty list') && right.kind.includes('list')));
  if ((op !== '=' && op !== '!=') || right.operand.kind !== 'constant' || !comparable) {
    ctx.report(
      error('check/type-mismatch', `\`${binding.name}\` is a let or param, so it can only be compared with \`=\` or \`!=\` to a constant of its type`, span, {
        hint: 'for example `accounts where allowed_regions != [] ...` switches a rule on when the param is set',
      }),
    );
    return null;
  }
  const equal = JSON.stringify(binding.value) === JSON.stringify(right.operand.value);
  const value = op === '=' ? equal : !equal;
  return value ? { kind: 'constant', value, span } : { kind: 'constant', value, span, reason: falseBecause(binding, op, right.operand.text) };
}

/** Why a let or param comparison is false, in words: `param allowed_regions is empty`, `let tier is "dev", not "prod"`. */
function falseBecause(binding: Binding, op: ComparisonOp, right: string): string {
  const what = 'kind' in binding.declaration ? `${binding.declaration.kind} ${binding.name}` : `parameter ${binding.name}`;
  const is = Array.isArray(binding.value) && binding.value.length === 0 ? 'is empty' : `is ${binding.text}`;
  return op === '=' ? `${what} ${is}, not ${right}` : `${what} ${is}`;
}
