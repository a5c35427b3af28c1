import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCHEMA } from '../../src/model/index.ts';
import { type ConstantType, checkRuleFiles } from '../../src/semantics/index.ts';
import { parseParamValue } from '../../src/semantics/param-value.ts';
import { parseRuleFile } from '../../src/syntax/index.ts';
import { fuzzAssert } from '../support/fuzz.ts';

/**
 * `--param x=VALUE` accepts exactly what `param x = VALUE` accepts in a rule file, typed against the
 * declared param: on token soup built from the literal grammar's pieces, the flag and the file agree
 * on acceptance and on the value.
 */

const PIECES = [
  '0',
  '7',
  '14',
  '99999999999999999',
  '1.5',
  '0x10',
  '1e3',
  '-',
  '.',
  'd',
  'h',
  'w',
  'D',
  '90d',
  '2w',
  '2027-01-01',
  '2026-02-30',
  'true',
  'false',
  'x',
  '"',
  '"a,b"',
  '"\\n"',
  '"\\q"',
  '[',
  ']',
  ',',
  ' ',
  '#c',
  '\\',
  'é',
];
const raw = fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((parts) => parts.join(''));
const DEFAULTS = ['14', '90d', 'true', '2027-01-01', '"s"', '[]', '["a"]', '[1]', '[1d]', '[2027-01-01]'];

function declared(text: string): { type: ConstantType; value: unknown } | null {
  const file = parseRuleFile(`param x = ${text}\n`, 'p.guard');
  if (file.diagnostics.some((d) => d.severity === 'error')) return null;
  const checked = checkRuleFiles([{ ast: file.file, text }], { schema: SCHEMA });
  const param = checked.ok ? checked.value.params[0] : undefined;
  return param ? { type: param.type, value: param.defaultValue } : null;
}

/** The flag takes the file's value when its type is the declared one; `[]` fits any list, and a param declared `[]` takes strings. */
function fits(value: ConstantType, wanted: ConstantType): boolean {
  if (value.kind !== 'list' || wanted.kind !== 'list') return value.kind === wanted.kind;
  return value.of === 'empty' || value.of === wanted.of || (wanted.of === 'empty' && value.of === 'string');
}

describe('--param values', () => {
  it('are read as the rule file reads them', () => {
    const types = DEFAULTS.map((d) => declared(d)?.type).filter((t): t is ConstantType => t !== undefined);
    expect(types).toHaveLength(DEFAULTS.length);
    fuzzAssert(
      'param-flag',
      fc.property(raw, fc.constantFrom(...types), (text, type) => {
        const inFile = declared(text);
        const flag = parseParamValue(text, type);
        const accepted = inFile !== null && fits(inFile.type, type);
        expect('value' in flag, `${text} as ${JSON.stringify(type)}: ${JSON.stringify(flag)}`).toBe(accepted);
        if (accepted && 'value' in flag) expect(flag.value).toEqual(inFile.value);
      }),
      500,
    );
  });
});
