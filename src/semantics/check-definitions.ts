import { type Diagnostic, error, type Span, warning } from '../diagnostics/index.ts';
import type { ActionCatalog, EntityType } from '../model/language.ts';
import { containsError, type DefineDeclaration, type Operand, type RuleFile } from '../syntax/index.ts';
import { checkCondition } from './check-condition.ts';
import { type Binding, type Context, type Definitions, type NamedCondition, suggestionHint } from './check-context.ts';
import type { CheckedCondition, ConstantType, ConstantValue } from './checked-ast.ts';
import { fitsDeclaredType, literalConstant } from './literal-constant.ts';
import { describeConstantType, EXAMPLES } from './param-value.ts';
import { canonicalName, resolveAttributePath, resolveEntityTypeName, type Schema, spacedName } from './resolve-names.ts';
import { closest } from './suggest.ts';

/**
 * Named conditions (`define ... for <type>: <condition>`): one namespace for every file checked
 * together, like rule ids, so a library keeps its definitions in a file of their own. A definition
 * is checked once where it is written, its parameters standing for a value of their declared type;
 * each use is checked for its entity type and arguments, then expanded: the definition's condition
 * checked again with the arguments as constants, so the checked rule holds no trace of the name and
 * compilation, the reference evaluator, reads and evidence work on it unchanged.
 */

/** A rule file as the definitions see it: its lets and params are visible in its definitions' bodies. */
export interface DefinitionFile {
  readonly ast: RuleFile;
  readonly text: string;
  readonly lineBreaks: readonly number[];
  readonly bindings: ReadonlyMap<string, Binding>;
}

const PARAMETER_TYPES: Readonly<Record<string, ConstantType>> = {
  string: { kind: 'string' },
  number: { kind: 'number' },
  duration: { kind: 'duration' },
  date: { kind: 'date' },
  boolean: { kind: 'boolean' },
  strings: { kind: 'list', of: 'string' },
  numbers: { kind: 'list', of: 'number' },
  durations: { kind: 'list', of: 'duration' },
  dates: { kind: 'list', of: 'date' },
  booleans: { kind: 'list', of: 'boolean' },
};

/** What a parameter stands for while its definition is checked where it is written. */
function placeholder(type: ConstantType): ConstantValue {
  switch (type.kind) {
    case 'string':
      // `*` is every action to `can` and matches every glob: no check depends on it.
      return '*';
    case 'boolean':
      return true;
    case 'number':
    case 'duration':
    case 'date':
      return 0;
    case 'list':
      return [];
  }
}

type State = 'unchecked' | 'checking' | 'ok' | 'failed';

interface Entry {
  readonly definition: NamedCondition;
  readonly home: DefinitionFile;
  state: State;
}

/** The first word of `allow "..."` and `trust "..."`: a use with arguments would read as them. */
const PREDICATE_WORDS = new Set(['allow', 'allows', 'trust', 'trusts']);

/**
 * Gathers and checks every `define` of the files (errors go to `report`, which files them by span)
 * and returns the table uses are checked against.
 */
export function checkDefinitions(files: readonly DefinitionFile[], shared: { readonly schema: Schema; readonly actions: ActionCatalog }, report: (d: Diagnostic) => void): Definitions {
  const entries = new Map<string, Entry>();
  const broken = new Set<string>();
  for (const home of files) {
    for (const statement of home.ast.statements) {
      if (statement.kind !== 'define') continue;
      const definition = containsError(statement) ? null : declare(statement, home, shared.schema, entries, report);
      if (definition !== null) entries.set(definition.name, { definition, home, state: 'unchecked' });
      else if (!entries.has(canonicalName(statement.name.words.map((w) => w.text)))) broken.add(canonicalName(statement.name.words.map((w) => w.text)));
    }
  }
  const byDefinition = new Map([...entries.values()].map((e) => [e.definition, e]));
  const expansions = new Map<string, CheckedCondition>();
  const reportedCycles = new Set<string>();

  const contextOf = (entry: Entry, bindings: ReadonlyMap<string, Binding>, sink: (d: Diagnostic) => void, expanding: readonly NamedCondition[]): Context => ({
    schema: shared.schema,
    text: entry.home.text,
    lineBreaks: entry.home.lineBreaks,
    bindings,
    report: sink,
    actions: shared.actions,
    definitions,
    expanding,
  });

  const checkDeclaration = (entry: Entry, stack: readonly NamedCondition[]): void => {
    entry.state = 'checking';
    const bindings = new Map(entry.home.bindings);
    const parameters: Binding[] = entry.definition.parameters.map((p) => ({ name: p.name, type: p.type, value: placeholder(p.type), text: p.name, used: { value: false }, declaration: p.declaration }));
    for (const p of parameters) bindings.set(p.name, p);
    const checked = checkCondition(entry.definition.declaration.condition, entry.definition.entityType, contextOf(entry, bindings, report, [...stack, entry.definition]));
    entry.state = checked === null ? 'failed' : 'ok';
    for (const p of parameters) if (!p.used.value) report(warning('check/unused-name', `parameter \`${p.name}\` is never used`, p.declaration.name.span));
  };

  const use = (definition: NamedCondition, args: readonly Operand[], span: Span, entityType: EntityType, ctx: Context): CheckedCondition | null => {
    const entry = byDefinition.get(definition);
    if (entry === undefined) return null;
    if (entityType !== definition.entityType) {
      const here = spacedName(entityType.replace(/-/g, '_'));
      const own = plural(spacedName(definition.entityType.replace(/-/g, '_')));
      ctx.report(
        error('check/not-applicable', `\`${definition.text}\` is defined for ${own}, and used here on ${plural(here)}`, span, {
          hint: `use it on ${own}, for example inside \`any <list> where ${definition.text}\``,
        }),
      );
      return null;
    }
    const values = typedArguments(definition, args, span, ctx);
    if (values === null) return null;
    if (ctx.expanding.includes(definition)) {
      const key = `${span.file}:${span.start}`;
      if (!reportedCycles.has(key)) {
        reportedCycles.add(key);
        const chain = [...ctx.expanding.slice(ctx.expanding.indexOf(definition)), definition].map((d) => `\`${d.text}\``).join(' → ');
        report(error('check/recursive-definition', `\`${definition.text}\` is used inside its own definition (${chain})`, span, { hint: 'a named condition cannot stand for itself: write out the part that repeats' }));
      }
      return null;
    }
    if (entry.state === 'unchecked') checkDeclaration(entry, ctx.expanding);
    if (entry.state !== 'ok') return null;
    const key = `${definition.name}\u0000${JSON.stringify(values)}`;
    const known = expansions.get(key);
    if (known !== undefined) return known;
    const bindings = new Map(entry.home.bindings);
    definition.parameters.forEach((p, i) => {
      const value = values[i];
      if (value !== undefined) bindings.set(p.name, { name: p.name, type: value.type, value: value.value, text: value.text, used: { value: true }, declaration: p.declaration });
    });
    const problems: Diagnostic[] = [];
    const expanded = checkCondition(
      definition.declaration.condition,
      definition.entityType,
      contextOf(entry, bindings, (d) => void problems.push(d), [...ctx.expanding, definition]),
    );
    // Only an argument's value can fail here (an action `can` does not know): say so at the use.
    for (const d of problems) if (d.severity === 'error') ctx.report(error(d.code, `${d.message} (in \`${definition.text}\`)`, span, d.hint === undefined ? {} : { hint: d.hint }));
    if (expanded === null || problems.some((d) => d.severity === 'error')) return null;
    expansions.set(key, expanded);
    return expanded;
  };

  const definitions: Definitions = { byName: new Map([...entries].map(([name, e]) => [name, e.definition])), broken, use };
  for (const entry of entries.values()) if (entry.state === 'unchecked') checkDeclaration(entry, []);
  return definitions;
}

function plural(noun: string): string {
  // `policy` → `policies`, but `access key` → `access keys`.
  return /[^aeiou]y$/.test(noun) ? `${noun.slice(0, -1)}ies` : `${noun}s`;
}

function declare(statement: DefineDeclaration, home: DefinitionFile, schema: Schema, entries: ReadonlyMap<string, Entry>, report: (d: Diagnostic) => void): NamedCondition | null {
  const text = statement.name.words.map((w) => w.text).join(' ');
  const name = canonicalName(statement.name.words.map((w) => w.text));
  let ok = true;
  const earlier = entries.get(name);
  if (earlier !== undefined) {
    const where = earlier.home.ast.path === home.ast.path ? 'in this file' : `in ${earlier.home.ast.path}`;
    report(error('check/duplicate-name', `\`${text}\` is already defined ${where}`, statement.name.span, { hint: 'give each named condition its own name' }));
    ok = false;
  }
  const target = resolveEntityTypeName(schema, statement.target.words);
  const targetText = statement.target.words.map((w) => w.text).join(' ');
  if (typeof target !== 'string') {
    report(error('check/unknown-collection', `unknown entity type \`${targetText}\``, statement.target.span, { hint: suggestionHint(targetText, target.candidates, 'entity types and collections') }));
    return null;
  }
  if (resolveAttributePath(schema, target, statement.name.words).ok) {
    report(
      error('check/duplicate-name', `\`${text}\` is an attribute of ${plural(spacedName(target.replace(/-/g, '_')))}`, statement.name.span, {
        hint: 'a named condition must not hide an attribute: choose another name',
      }),
    );
    ok = false;
  }
  const first = statement.name.words[0]?.text.toLowerCase() ?? '';
  if (statement.parameters.length > 0 && PREDICATE_WORDS.has(first)) {
    report(
      error('check/bad-operand', `a named condition with parameters cannot start with \`${first}\``, statement.name.span, {
        hint: `\`${first} "..."\` is the policy predicate; choose another first word`,
      }),
    );
    ok = false;
  }
  const parameters: NamedCondition['parameters'][number][] = [];
  for (const p of statement.parameters) {
    const type = PARAMETER_TYPES[p.type.text.toLowerCase()];
    if (type === undefined) {
      const best = closest(p.type.text, Object.keys(PARAMETER_TYPES));
      report(
        error('check/unknown-name', `unknown parameter type \`${p.type.text}\``, p.type.span, {
          hint: best !== null ? `did you mean \`${best}\`?` : `a parameter type is one of ${Object.keys(PARAMETER_TYPES).join(', ')} (plural for a list)`,
        }),
      );
      ok = false;
      continue;
    }
    if (parameters.some((q) => q.name === p.name.text)) {
      report(error('check/duplicate-name', `parameter \`${p.name.text}\` is already declared`, p.name.span));
      ok = false;
      continue;
    }
    parameters.push({ name: p.name.text, type, declaration: p });
  }
  return ok ? { name, text, declaration: statement, entityType: target, parameters } : null;
}

/** The arguments of a use, typed against the parameters; null (reported) when they do not fit. */
function typedArguments(definition: NamedCondition, args: readonly Operand[], span: Span, ctx: Context): { type: ConstantType; value: ConstantValue; text: string }[] | null {
  const expected = definition.parameters;
  if (args.length !== expected.length) {
    const signature = expected.map((p) => `${p.name} ${p.declaration.type.text}`).join(', ');
    ctx.report(
      error('check/bad-arguments', `\`${definition.text}\` takes ${count(expected.length)}${signature === '' ? '' : ` (${signature})`}, not ${args.length}`, span, {
        hint: expected.length === 0 ? `write it alone: \`${definition.text}\`` : `write the values after the name: \`${definition.text} ${expected.map((p) => example(p.type)).join(' ')}\``,
      }),
    );
    return null;
  }
  const typed: { type: ConstantType; value: ConstantValue; text: string }[] = [];
  let ok = true;
  args.forEach((arg, i) => {
    const parameter = expected[i];
    const constant = arg.kind === 'name' ? boundConstant(arg, ctx) : literalConstant(arg, ctx.report);
    if (parameter === undefined || constant === null) {
      ok = false;
      return;
    }
    if (!fitsDeclaredType(constant.type, parameter.type)) {
      ctx.report(
        error('check/type-mismatch', `\`${definition.text}\` takes ${describeConstantType(parameter.type)} for \`${parameter.name}\`, not ${describeConstantType(constant.type)}`, arg.span, {
          hint: `for example \`${example(parameter.type)}\``,
        }),
      );
      ok = false;
      return;
    }
    typed.push(constant);
  });
  return ok ? typed : null;
}

/** A let, param or parameter given as an argument: its value (a parameter's, as it was given), reported when no such name is in scope. */
function boundConstant(arg: Extract<Operand, { kind: 'name' }>, ctx: Context): { type: ConstantType; value: ConstantValue; text: string } | null {
  const only = arg.words.length === 1 ? arg.words[0] : undefined;
  const binding = only === undefined ? undefined : ctx.bindings.get(only.text);
  const written = arg.words.map((w) => w.text).join(' ');
  if (binding === undefined) {
    ctx.report(error('check/unknown-name', `\`${written}\` is not a let, param or parameter name`, arg.span, { hint: suggestionHint(written, [...ctx.bindings.keys()], 'names in scope') }));
    return null;
  }
  binding.used.value = true;
  return { type: binding.type, value: binding.value, text: binding.text };
}

function count(n: number): string {
  return n === 0 ? 'no arguments' : n === 1 ? '1 argument' : `${n} arguments`;
}

function example(type: ConstantType): string {
  return type.kind === 'list' ? `[${EXAMPLES[type.of === 'empty' ? 'string' : type.of]}]` : EXAMPLES[type.kind];
}
