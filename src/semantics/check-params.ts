import { type Diagnostic, error } from '../diagnostics/index.ts';
import type { RuleFile } from '../syntax/index.ts';
import type { Binding } from './check-context.ts';
import type { ConstantValue, ParamDeclaration } from './checked-ast.ts';
import { literalConstant } from './literal-constant.ts';
import { describeConstantType, parseParamValue } from './param-value.ts';
import { didYouMean } from './suggest.ts';

/** A `--param` value, typed against its declarations. */
export interface ParamOverride {
  readonly value: ConstantValue;
  readonly text: string;
}

/**
 * Params are declared per file but overridden by name for all files: gathers every declaration
 * (those of one name must agree on their type) and types each `--param` value against them.
 */
export function gatherParams(
  files: readonly { readonly ast: RuleFile }[],
  overrides: Readonly<Record<string, string>>,
  report: (d: Diagnostic) => void,
): { params: ParamDeclaration[]; overrides: ReadonlyMap<string, ParamOverride> } {
  const params: ParamDeclaration[] = [];
  const declaredParams = new Map<string, ParamDeclaration[]>();
  for (const { ast } of files) {
    for (const statement of ast.statements) {
      if (statement.kind !== 'param') continue;
      const constant = literalConstant(statement.value, report);
      if (!constant) continue;
      const declaration: ParamDeclaration = {
        name: statement.name.text,
        type: constant.type,
        defaultValue: constant.value,
        file: ast.path,
        span: statement.span,
      };
      const earlier = declaredParams.get(declaration.name);
      const first = earlier?.[0];
      // One --param value overrides every declaration of the name, so they must agree on its type.
      if (first && describeConstantType(first.type) !== describeConstantType(declaration.type)) {
        report(
          error('check/type-mismatch', `param \`${declaration.name}\` is ${describeConstantType(declaration.type)} here but ${describeConstantType(first.type)} in ${first.file}`, statement.value.span, {
            hint: 'a --param value overrides every declaration of a name: give them one type, or different names',
          }),
        );
        continue;
      }
      if (earlier) earlier.push(declaration);
      else declaredParams.set(declaration.name, [declaration]);
      params.push(declaration);
    }
  }
  const overrideValues = new Map<string, ParamOverride>();
  for (const [name, raw] of Object.entries(overrides)) {
    const first = declaredParams.get(name)?.[0];
    if (!first) {
      report(error('usage/bad-param', `no rule file declares a param \`${name}\``, null, didYouMean(name, declaredParams.keys())));
      continue;
    }
    const parsed = parseParamValue(raw, first.type);
    if ('error' in parsed) {
      report(error('usage/bad-param', `--param ${name}: ${parsed.error}`, null, { hint: parsed.hint }));
      continue;
    }
    overrideValues.set(name, { value: parsed.value, text: raw });
  }
  return { params, overrides: overrideValues };
}

/** The lets and params of one file, params taking their `--param` value. */
export function fileBindings(ast: RuleFile, overrides: ReadonlyMap<string, ParamOverride>, report: (d: Diagnostic) => void): Map<string, Binding> {
  const bindings = new Map<string, Binding>();
  for (const statement of ast.statements) {
    if (statement.kind !== 'let' && statement.kind !== 'param') continue;
    const name = statement.name.text;
    if (bindings.has(name)) {
      report(error('check/duplicate-name', `\`${name}\` is already declared in this file`, statement.name.span));
      continue;
    }
    // A param's literal was reported when params were gathered.
    const constant = literalConstant(statement.value, statement.kind === 'let' ? report : () => {});
    if (!constant) continue;
    const override = statement.kind === 'param' ? overrides.get(name) : undefined;
    bindings.set(name, {
      name,
      type: constant.type,
      value: override?.value ?? constant.value,
      text: override?.text ?? constant.text,
      used: { value: false },
      declaration: statement,
    });
  }
  return bindings;
}
