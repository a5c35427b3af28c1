import { type Diagnostic, error } from '../diagnostics/index.ts';
import { ENTITY_TYPES, parseInstant, SECTION_PATHS } from '../model/index.ts';
import { canonicalName, closest, parseDay, spacedName } from '../semantics/index.ts';
import { type Condition, durationMs, type EntityDeclaration, type ExampleTest, type Literal, type NamePhrase, type StringLiteral } from '../syntax/index.ts';
import { type AllowSetting, DEFAULT_NOW, type DeclaredEntity, type ExampleAccount, type SettingValue } from './example-account.ts';
import { EXAMPLE_TYPES, type ExampleType, findSettable, NAMED_ACCOUNT_TYPE, type SettableSpec } from './settable.ts';

/**
 * An example's account lines → ExampleAccount: entity kinds and setting names resolved (with
 * did-you-mean), values typed. Problems are diagnostics at the spot, like rule-file checking.
 */

export interface ResolvedExample {
  readonly account: ExampleAccount;
  readonly diagnostics: readonly Diagnostic[];
}

const TYPE_BY_NAME: ReadonlyMap<string, ExampleType> = new Map(Object.values(EXAMPLE_TYPES).flatMap((spec) => spec.names.map((n) => [n, spec.type] as const)));

/** Spaced names of every kind of entity, for did-you-mean. */
const TYPE_SUGGESTIONS: readonly string[] = Object.values(EXAMPLE_TYPES).map((spec) => spacedName(spec.names[0] ?? spec.type));

export function resolveExampleType(phrase: NamePhrase, named: boolean): ExampleType | { readonly message: string; readonly hint?: string } {
  const canonical = canonicalName(phrase.words.map((w) => w.text));
  const found = TYPE_BY_NAME.get(canonical);
  if (found === 'account' && named) return NAMED_ACCOUNT_TYPE;
  if (found !== undefined) return found;
  const written = phrase.words.map((w) => w.text).join(' ');
  const best = closest(written, TYPE_SUGGESTIONS);
  return {
    message: `unknown kind of entity \`${written}\``,
    hint: best !== null ? `did you mean \`${best}\`?` : `an example declares ${TYPE_SUGGESTIONS.map((t) => `\`${t}\``).join(', ')}`,
  };
}

/** The snapshot section (or container) a `missing` line names: `credential report`, `"iam.credentialReport"`, `organizations`. */
export function resolveSection(section: NamePhrase | StringLiteral): string | { readonly message: string; readonly hint?: string } {
  const candidates = ['iam', 'organizations', 'identityCenter', 'accessAnalyzer', ...SECTION_PATHS];
  if (section.kind === 'string') {
    if (candidates.includes(section.value)) return section.value;
    const best = closest(section.value, candidates);
    return { message: `unknown snapshot section \`${section.value}\``, ...(best ? { hint: `did you mean \`${best}\`?` } : { hint: 'see docs/snapshot-format.md for the sections' }) };
  }
  const written = canonicalName(section.words.map((w) => w.text)).replace(/_/g, '');
  for (const path of candidates) {
    const key = path.includes('.') ? (path.split('.')[1] ?? path) : path;
    const container = path.includes('.') ? (path.split('.')[0] ?? '') : '';
    if (written === key.toLowerCase() || written === `${container}${key}`.toLowerCase()) return path;
  }
  const spaced = candidates.map((p) => spacedName((p.includes('.') ? (p.split('.')[1] ?? p) : p).replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)));
  const best = closest(section.words.map((w) => w.text).join(' '), spaced);
  return { message: `unknown snapshot section \`${section.words.map((w) => w.text).join(' ')}\``, ...(best ? { hint: `did you mean \`${best}\`?` } : {}) };
}

/** The evaluation time of an example: `at 2026-11-27` (midnight UTC) or `at "2026-11-27T10:00:00Z"`. */
export function exampleNow(example: ExampleTest, report: (d: Diagnostic) => void): number {
  const at = example.at;
  if (at === null) return DEFAULT_NOW;
  const ms = at.kind === 'date' ? parseDay(at.value) : parseInstant(at.value);
  if (ms === null) {
    report(error('check/type-mismatch', `\`${at.value}\` is not a time`, at.span, { hint: 'write a date such as `2026-11-27` or a string such as `"2026-11-27T10:00:00Z"`' }));
    return DEFAULT_NOW;
  }
  return ms;
}

interface Settings {
  readonly values: Map<string, SettingValue>;
  readonly allows: AllowSetting[];
  readonly trusts: string[];
}

export function resolveExample(example: ExampleTest): ResolvedExample {
  const diagnostics: Diagnostic[] = [];
  const report = (d: Diagnostic): void => void diagnostics.push(d);
  const now = exampleNow(example, report);
  const entities: DeclaredEntity[] = [];
  const missing: string[] = [];
  for (const line of example.lines) {
    if (line.kind === 'missing') {
      const section = resolveSection(line.section);
      if (typeof section === 'string') missing.push(section);
      else report(error('check/unknown-name', section.message, line.section.span, section.hint === undefined ? {} : { hint: section.hint }));
      continue;
    }
    if (line.kind !== 'entity') continue;
    const entity = resolveEntity(line, now, report);
    if (entity !== null) entities.push(entity);
  }
  return { account: { now, missing, entities }, diagnostics };
}

function resolveEntity(line: EntityDeclaration, now: number, report: (d: Diagnostic) => void): DeclaredEntity | null {
  const type = resolveExampleType(line.type, line.name !== null);
  if (typeof type !== 'string') {
    report(error('check/unknown-collection', type.message, line.type.span, type.hint === undefined ? {} : { hint: type.hint }));
    return null;
  }
  const spec = EXAMPLE_TYPES[type];
  const written = line.type.words.map((w) => w.text).join(' ');
  if (spec.singleton && line.name !== null) {
    report(error('check/bad-operand', `\`${written}\` is a singleton: it takes no name`, line.name.span, { hint: `write \`${written} with ...\`` }));
    return null;
  }
  if (!spec.singleton && line.name === null) {
    report(error('check/bad-operand', `a ${written} needs a name: ${spec.nameForm}`, line.type.span, { hint: `write \`${written} "<name>"\`` }));
    return null;
  }
  if (line.name !== null && line.name.value === '') {
    report(error('check/bad-operand', 'a name cannot be empty', line.name.span));
    return null;
  }
  const settings: Settings = { values: new Map(), allows: [], trusts: [] };
  if (line.settings !== null) collectSettings(line.settings, type, now, settings, false, report);
  return { type, name: line.name?.value ?? null, settings: settings.values, allows: settings.allows, trusts: settings.trusts, span: line.span };
}

const FORMS_HINT = 'an example sets values: `attribute`, `not attribute`, `attribute = value`, joined with `and`';

function collectSettings(c: Condition, type: ExampleType, now: number, into: Settings, negated: boolean, report: (d: Diagnostic) => void): void {
  const spec = EXAMPLE_TYPES[type];
  switch (c.kind) {
    case 'and':
      if (negated) break;
      for (const operand of c.operands) collectSettings(operand, type, now, into, false, report);
      return;
    case 'group':
      return collectSettings(c.operand, type, now, into, negated, report);
    case 'not': {
      if (negated) break;
      const named = notSetting(c, type);
      if (named !== null) return collectSettings(named, type, now, into, false, report);
      return collectSettings(c.operand, type, now, into, true, report);
    }
    case 'have': {
      const setting = settable(type, c.attribute, report);
      if (setting === null) return;
      const value = flagValue(setting, negated);
      if (value === null) {
        report(
          error('check/type-mismatch', `\`${spacedName(setting.name)}\` needs a value`, c.attribute.span, {
            hint: negated ? `\`not\` sets booleans false and clears optional values; write \`${spacedName(setting.name)} = ...\`` : `write \`${spacedName(setting.name)} = ...\``,
          }),
        );
        return;
      }
      into.values.set(setting.name, value);
      return;
    }
    case 'compare':
    case 'have-value': {
      const attribute = c.kind === 'compare' ? c.left : c.attribute;
      if (negated || (c.kind === 'compare' && c.op !== '=')) break;
      const setting = settable(type, attribute, report);
      if (setting === null) return;
      const right = c.kind === 'compare' ? c.right : c.value;
      if (right.kind === 'name') {
        report(error('check/type-mismatch', `\`${spacedName(setting.name)}\` is set to a value, not to a name`, right.span, { hint: valueHint(setting) }));
        return;
      }
      const value = literalValue(setting, right, now);
      if (value === null) {
        report(error('check/type-mismatch', `\`${spacedName(setting.name)}\` takes ${describeSetting(setting)}`, right.span, { hint: valueHint(setting) }));
        return;
      }
      // `have tags "a=b"` adds to a list.
      const previous = into.values.get(setting.name);
      if (c.kind === 'have-value' && previous?.kind === 'strings' && value.kind === 'strings') into.values.set(setting.name, { kind: 'strings', value: [...previous.value, ...value.value] });
      else into.values.set(setting.name, value);
      return;
    }
    case 'allow':
      if (negated) break;
      if (!spec.allow) {
        report(error('check/not-applicable', `a ${spacedName(spec.names[0] ?? type)} has no permissions to \`allow\``, c.span, { hint: 'declare a policy: `policy "p" with allow "s3:*" on "*"`' }));
        return;
      }
      into.allows.push({ action: c.action.value, resource: c.resource?.value ?? '*' });
      return;
    case 'trust':
      if (negated) break;
      if (!spec.trust) {
        report(error('check/not-applicable', `only a role has a trust policy to \`trust\``, c.span, { hint: 'write `role "name" with trust "..."`' }));
        return;
      }
      into.trusts.push(c.principal.value);
      return;
    case 'or':
    case 'count':
    case 'no':
    case 'any':
    case 'all':
    case 'exist':
    case 'named':
    case 'error':
      break;
  }
  if (c.kind === 'error') return;
  report(error('check/bad-operand', negated ? 'only a single setting can follow `not` in an example' : 'an example cannot set this', c.span, { hint: FORMS_HINT }));
}

/**
 * `not actions = ["iam:*"]` parses as `not (actions = ...)`; where the kind has a setting whose name
 * starts with `not` (`not actions`, `not resources`, `not principals`), it means that setting, as
 * written in the settings table: the same assignment with `not` folded into the name. Null otherwise.
 */
function notSetting(c: Extract<Condition, { kind: 'not' }>, type: ExampleType): Condition | null {
  const inner = c.operand;
  const phrase = inner.kind === 'have-value' ? inner.attribute : inner.kind === 'compare' && inner.op === '=' ? inner.left : null;
  if (phrase === null) return null;
  const words = [{ text: 'not', span: { ...c.span, end: phrase.span.start } }, ...phrase.words];
  const canonical = canonicalName(words.map((w) => w.text));
  if (findSettable(type, canonical) === undefined && findSettable(type, singularOrPlural(canonical)) === undefined) return null;
  const named: NamePhrase = { kind: 'name', words, span: { ...phrase.span, start: c.span.start } };
  if (inner.kind === 'have-value') return { ...inner, attribute: named, span: c.span };
  if (inner.kind === 'compare') return { ...inner, left: named, span: c.span };
  return null;
}

function settable(type: ExampleType, phrase: NamePhrase, report: (d: Diagnostic) => void): SettableSpec | null {
  const canonical = canonicalName(phrase.words.map((w) => w.text));
  const found = findSettable(type, canonical) ?? findSettable(type, singularOrPlural(canonical));
  if (found !== undefined) return found;
  const spec = EXAMPLE_TYPES[type];
  const written = phrase.words.map((w) => w.text).join(' ');
  const noun = spacedName(spec.names[0] ?? type);
  const inSchema = ENTITY_TYPES[spec.entityType].attributes.some((a) => a.name === canonical || (a.aliases ?? []).includes(canonical));
  const names = spec.settings.map((s) => spacedName(s.name));
  const best = closest(written, names);
  report(
    error('check/unknown-attribute', inSchema ? `\`${written}\` of a ${noun} is computed from other values: an example cannot set it` : `a ${noun} has no setting \`${written}\``, phrase.span, {
      hint: best !== null ? `did you mean \`${best}\`?` : `a ${noun} sets ${names.map((n) => `\`${n}\``).join(', ')}`,
    }),
  );
  return null;
}

function singularOrPlural(name: string): string {
  return name.endsWith('s') ? name.slice(0, -1) : `${name}s`;
}

function flagValue(setting: SettableSpec, negated: boolean): SettingValue | null {
  switch (setting.type) {
    case 'boolean':
      return { kind: 'boolean', value: !negated };
    case 'count':
      return { kind: 'count', value: negated ? 0 : 1 };
    case 'strings':
    case 'names':
      return negated ? { kind: 'strings', value: [] } : null;
    case 'number':
    case 'string':
    case 'instant':
    case 'duration':
      return negated && setting.nullable === true ? { kind: 'null' } : null;
  }
}

function literalValue(setting: SettableSpec, literal: Literal, now: number): SettingValue | null {
  switch (setting.type) {
    case 'boolean':
      return literal.kind === 'boolean' ? { kind: 'boolean', value: literal.value } : null;
    case 'number':
      return literal.kind === 'number' ? { kind: 'number', value: literal.value } : null;
    case 'count':
      return literal.kind === 'number' && Number.isInteger(literal.value) && literal.value >= 0 && literal.value <= (setting.max ?? 2) ? { kind: 'count', value: literal.value } : null;
    case 'string':
      return literal.kind === 'string' ? { kind: 'string', value: literal.value } : null;
    case 'duration':
      return literal.kind === 'duration' ? { kind: 'duration', value: durationMs(literal.amount, literal.unit) } : null;
    case 'instant': {
      if (literal.kind === 'duration') return { kind: 'instant', value: now - durationMs(literal.amount, literal.unit) };
      if (literal.kind === 'date') {
        const day = parseDay(literal.value);
        return day === null ? null : { kind: 'instant', value: day };
      }
      if (literal.kind === 'string') {
        const ms = parseInstant(literal.value);
        return ms === null ? null : { kind: 'instant', value: ms };
      }
      return null;
    }
    case 'strings':
    case 'names': {
      if (literal.kind === 'string') return { kind: 'strings', value: [literal.value] };
      if (literal.kind !== 'list') return null;
      const values: string[] = [];
      for (const item of literal.items) {
        if (item.kind !== 'string') return null;
        values.push(item.value);
      }
      return { kind: 'strings', value: values };
    }
  }
}

export function describeSetting(setting: SettableSpec): string {
  switch (setting.type) {
    case 'boolean':
      return '`true` or `false`';
    case 'number':
      return 'a number';
    case 'count':
      return `a count from 0 to ${setting.max ?? 2}`;
    case 'string':
      return 'a string';
    case 'duration':
      return 'a duration such as `90d`';
    case 'instant':
      return 'a date such as `2026-01-01`, a duration before the example time such as `100d`, or an ISO 8601 string';
    case 'strings':
      return 'a string or a list of strings';
    case 'names':
      return 'a name or a list of names';
  }
}

function valueHint(setting: SettableSpec): string {
  const name = spacedName(setting.name);
  switch (setting.type) {
    case 'boolean':
      return `write \`${name}\` or \`not ${name}\``;
    case 'number':
      return `write \`${name} = 14\``;
    case 'count':
      return `write \`${name} = 1\``;
    case 'string':
      return `write \`${name} = "..."\``;
    case 'duration':
      return `write \`${name} = 90d\``;
    case 'instant':
      return `write \`${name} = 2026-01-01\` or \`${name} = 100d\` (100 days before the example time)`;
    case 'strings':
    case 'names':
      return `write \`${name} = ["a", "b"]\``;
  }
}
