import { type Diagnostic, error } from '../diagnostics/index.ts';
import { durationMs, type Literal } from '../syntax/index.ts';
import type { ConstantType, ConstantValue } from './checked-ast.ts';
import { parseDay } from './parse-day.ts';

/**
 * The one typing of literal values: a literal's constant type, its run-time value (dates as the
 * epoch ms of the day's start, durations in ms) and its canonical text. `let`, `param`, the right
 * of a comparison and `--param` values (param-value.ts) are all typed here.
 */
export interface TypedLiteral {
  readonly type: ConstantType;
  readonly value: ConstantValue;
  readonly text: string;
}

/** Null after reporting why the literal has no type: an impossible date, a list of lists or of mixed types. */
export function literalConstant(literal: Literal, report: (d: Diagnostic) => void): TypedLiteral | null {
  switch (literal.kind) {
    case 'string':
      return { type: { kind: 'string' }, value: literal.value, text: JSON.stringify(literal.value) };
    case 'number':
      return { type: { kind: 'number' }, value: literal.value, text: String(literal.value) };
    case 'boolean':
      return { type: { kind: 'boolean' }, value: literal.value, text: String(literal.value) };
    case 'duration':
      return { type: { kind: 'duration' }, value: durationMs(literal.amount, literal.unit), text: `${literal.amount}${literal.unit}` };
    case 'date': {
      const day = parseDay(literal.value);
      if (day === null) {
        report(error('syntax/bad-literal', `\`${literal.value}\` is not a calendar date`, literal.span));
        return null;
      }
      return { type: { kind: 'date' }, value: day, text: literal.value };
    }
    case 'list': {
      const items: (boolean | number | string)[] = [];
      let of: ConstantType & { kind: 'list' } = { kind: 'list', of: 'empty' };
      for (const item of literal.items) {
        const constant = literalConstant(item, report);
        if (!constant) return null;
        if (constant.type.kind === 'list' || Array.isArray(constant.value)) {
          report(error('check/type-mismatch', 'lists cannot contain lists', item.span));
          return null;
        }
        if (of.of !== 'empty' && of.of !== constant.type.kind) {
          report(error('check/type-mismatch', `a list holds one type: expected ${of.of} but found ${constant.type.kind}`, item.span));
          return null;
        }
        of = { kind: 'list', of: constant.type.kind };
        items.push(constant.value as boolean | number | string);
      }
      return { type: of, value: items, text: `[${literal.items.map(literalText).join(', ')}]` };
    }
  }
}

function literalText(literal: Literal): string {
  switch (literal.kind) {
    case 'string':
      return JSON.stringify(literal.value);
    case 'number':
    case 'boolean':
      return String(literal.value);
    case 'duration':
      return `${literal.amount}${literal.unit}`;
    case 'date':
      return literal.value;
    case 'list':
      return `[${literal.items.map(literalText).join(', ')}]`;
  }
}

/**
 * Whether a value of type `given` can stand where `declared` is expected (a `--param` value for its
 * declaration): the same type, where an empty list fits any list and a list declared `[]` holds strings.
 */
export function fitsDeclaredType(given: ConstantType, declared: ConstantType): boolean {
  if (declared.kind !== 'list') return given.kind === declared.kind;
  if (given.kind !== 'list') return false;
  return given.of === 'empty' || given.of === (declared.of === 'empty' ? 'string' : declared.of);
}
