import {
  error,
  warning,
  isNonEmpty,
  sortDiagnostics,
  failure,
  success,
  lineBreaksOf,
  lineColumnIn,
  lineTextAt,
  MAX_DIAGNOSTICS_PER_FILE,
  type Diagnostic,
  type Outcome,
  type Span,
} from '../diagnostics/index.ts';
import type { AttributeType, EntityType } from '../model/index.ts';
import {
  containsError,
  derivedRuleId,
  durationMs,
  printRuleBody,
  type ComparisonOp,
  type Condition,
  type ExceptClause,
  type Literal,
  type LetDeclaration,
  type MetadataClause,
  type NamePhrase,
  type Operand,
  type Rule,
  type RuleFile,
  type Scope,
  type Word,
} from '../syntax/index.ts';
import type {
  AttributePath,
  CheckedBody,
  CheckedCondition,
  CheckedException,
  CheckedOperand,
  CheckedProgram,
  CheckedRule,
  CheckedScope,
  ConstantType,
  ConstantValue,
  ParamDeclaration,
} from './checked-ast.ts';
import { describeConstantType, parseParamValue } from './param-value.ts';
import { parseDay } from './parse-day.ts';
import {
  describeType,
  resolveAttributePath,
  resolveEntityTypeName,
  resolveScopePhrase,
  spacedName,
  type Schema,
} from './resolve-names.ts';
import { DEFAULT_SEVERITY, RULE_SEVERITIES, type RuleSeverity } from './severity.ts';
import { closest, didYouMean } from './suggest.ts';

export interface SourceFile {
  readonly ast: RuleFile;
  readonly text: string;
}

export interface CheckOptions {
  readonly schema: Schema;
  /** `--param name=value` overrides, as written on the command line. */
  readonly params?: Readonly<Record<string, string>>;
}

const DAY_MS = 86_400_000;

/** A let or param binding visible in one file. */
interface Binding {
  readonly name: string;
  readonly type: ConstantType;
  readonly value: ConstantValue;
  readonly text: string;
  readonly used: { value: boolean };
  readonly declaration: LetDeclaration;
}

interface Context {
  readonly schema: Schema;
  /** The file's text, for source lines. */
  readonly text: string;
  /** Its line breaks, for line numbers (one binary search per lookup, not a rescan of the text). */
  readonly lineBreaks: readonly number[];
  readonly bindings: ReadonlyMap<string, Binding>;
  readonly report: (d: Diagnostic) => void;
}

/**
 * Resolves and type-checks rule files against the schema. Every problem in every file is reported
 * (capped per file); statements that did not parse are skipped so one typo gives one diagnostic.
 */
export function checkRuleFiles(files: readonly SourceFile[], options: CheckOptions): Outcome<CheckedProgram> {
  const diagnostics: Diagnostic[] = [];
  const params: ParamDeclaration[] = [];
  const rules: CheckedRule[] = [];
  const overrides = options.params ?? {};
  const declaredParams = new Map<string, ParamDeclaration[]>();

  // Params are declared per file but overridden by name for all files: gather them first.
  for (const { ast } of files) {
    for (const statement of ast.statements) {
      if (statement.kind !== 'param') continue;
      const constant = literalConstant(statement.value, (d) => diagnostics.push(d));
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
        diagnostics.push(
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
  const overrideValues = new Map<string, { value: ConstantValue; text: string }>();
  for (const [name, raw] of Object.entries(overrides)) {
    const declarations = declaredParams.get(name);
    const first = declarations?.[0];
    if (!first) {
      diagnostics.push(
        error('usage/bad-param', `no rule file declares a param \`${name}\``, null, didYouMean(name, declaredParams.keys())),
      );
      continue;
    }
    const parsed = parseParamValue(raw, first.type);
    if ('error' in parsed) {
      diagnostics.push(error('usage/bad-param', `--param ${name}: ${parsed.error}`, null, { hint: parsed.hint }));
      continue;
    }
    overrideValues.set(name, { value: parsed.value, text: raw });
  }

  const ruleIds = new Map<string, Span>();
  for (const { ast, text } of files) {
    const fileDiagnostics: Diagnostic[] = [];
    const report = (d: Diagnostic): void => void fileDiagnostics.push(d);
    const bindings = new Map<string, Binding>();
    for (const statement of ast.statements) {
      if (statement.kind !== 'let' && statement.kind !== 'param') continue;
      const name = statement.name.text;
      if (bindings.has(name)) {
        report(error('check/duplicate-name', `\`${name}\` is already declared in this file`, statement.name.span));
        continue;
      }
      const constant = literalConstant(statement.value, statement.kind === 'let' ? report : () => {});
      if (!constant) continue;
      const override = statement.kind === 'param' ? overrideValues.get(name) : undefined;
      bindings.set(name, {
        name,
        type: constant.type,
        value: override?.value ?? constant.value,
        text: override?.text ?? constant.text,
        used: { value: false },
        declaration: statement,
      });
    }
    const lineBreaks = ast.lineBreaks ?? lineBreaksOf(text);
    const context: Context = { schema: options.schema, text, lineBreaks, bindings, report };
    for (const statement of ast.statements) {
      if (statement.kind !== 'rule' || containsError(statement)) continue;
      const checked = checkRule(statement, text, context);
      if (!checked) continue;
      const previous = ruleIds.get(checked.id);
      if (previous) {
        const where = previous.file === ast.path ? `line ${lineColumnIn(lineBreaks, previous.start).line}` : previous.file;
        report(
          error('check/duplicate-rule', `rule id \`${checked.id}\` is already used (${where})`, statement.id?.span ?? statement.span, {
            hint: 'give each rule a unique id: `rule <id>: ...`',
          }),
        );
        continue;
      }
      ruleIds.set(checked.id, statement.id?.span ?? statement.span);
      rules.push(checked);
    }
    for (const binding of bindings.values()) {
      if (!binding.used.value && binding.declaration.kind === 'let') {
        report(warning('check/unused-name', `\`${binding.name}\` is declared but never used`, binding.declaration.name.span));
      }
    }
    const sorted = sortDiagnostics(fileDiagnostics);
    // Warnings (an unused `let` each) are not capped: no spread, which overflows on a long list.
    for (const d of sorted.filter((d) => d.severity === 'error').slice(0, MAX_DIAGNOSTICS_PER_FILE)) diagnostics.push(d);
    for (const d of sorted) if (d.severity === 'warning') diagnostics.push(d);
  }

  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  if (isNonEmpty(errors)) return failure(errors, warnings);
  return success({ rules, params }, warnings);
}

// ---------------------------------------------------------------------------------------------
// rules

function checkRule(rule: Rule, text: string, context: Context): CheckedRule | null {
  const before = { count: 0 };
  const report = (d: Diagnostic): void => {
    if (d.severity === 'error') before.count++;
    context.report(d);
  };
  const ctx: Context = { ...context, report };
  const body = checkBody(rule.body, ctx);
  const metadata = checkMetadata(rule.metadata, ctx);
  const exceptions = rule.exceptions.map((e) => checkException(e, ctx)).filter((e) => e !== null);
  if (!body || before.count > 0) return null;
  const id = rule.id?.text ?? derivedRuleId(rule.body);
  const position = lineColumnIn(context.lineBreaks, rule.span.start);
  return {
    id,
    title: rule.title?.value ?? printRuleBody(rule.body),
    severity: metadata.severity,
    rationale: metadata.rationale,
    remediation: metadata.remediation,
    references: metadata.references,
    body: body.checked,
    exceptions,
    source: rule,
    location: { file: rule.span.file, line: position.line, column: position.column },
    sourceLine: lineTextAt(text, rule.body.span.start).trim(),
    reads: body.reads,
  };
}

function checkBody(body: Rule['body'], ctx: Context): { checked: CheckedBody; reads: AttributePath[] } | null {
  const scope = checkScope(body.scope, ctx);
  if (!scope) return null;
  const reads: AttributePath[] = [];
  if (scope.filter) collectReads(scope.filter, reads);
  switch (body.kind) {
    case 'denied':
      return { checked: { kind: 'denied', scope }, reads };
    case 'must':
    case 'must-not': {
      const condition = checkCondition(body.condition, scope.entityType, ctx);
      if (!condition) return null;
      collectReads(condition, reads);
      return { checked: { kind: body.kind, scope, condition }, reads };
    }
  }
}

/** Attribute paths read directly on the entity in scope (not inside quantifiers), for evidence. */
function collectReads(condition: CheckedCondition, into: AttributePath[]): void {
  const add = (path: AttributePath): void => {
    if (!into.some((p) => p.steps.join('.') === path.steps.join('.'))) into.push(path);
  };
  switch (condition.kind) {
    case 'have':
      return add(condition.path);
    case 'compare':
      add(condition.left);
      if (condition.right.kind === 'attribute') add(condition.right.path);
      return;
    case 'count':
    case 'any':
    case 'all':
      return add(condition.path);
    case 'and':
    case 'or':
      for (const operand of condition.operands) collectReads(operand, into);
      return;
    case 'not':
      return collectReads(condition.operand, into);
    case 'exist':
    case 'allow':
    case 'trust':
    case 'constant':
      return;
  }
}

function checkScope(scope: Scope, ctx: Context): CheckedScope | null {
  const resolved = resolveScopePhrase(ctx.schema, scope.phrase.words);
  const written = scope.phrase.words.map((w) => w.text).join(' ');
  if (!resolved.ok) {
    ctx.report(
      error('check/unknown-collection', `unknown collection \`${written}\``, scope.phrase.span, {
        hint: suggestionHint(written, resolved.candidates, 'collections'),
      }),
    );
    return null;
  }
  const { collection, rest } = resolved;
  const text = scope.phrase.words.map((w) => w.text).join(' ');
  const base = { collection: collection.name, entityType: collection.entityType, text };
  const filter = scope.filter;
  if (filter === null) {
    if (rest.length > 0) {
      // `users mfa` with nothing after: the rest names an attribute, used as a `have`.
      const condition = checkCondition(
        { kind: 'have', attribute: phraseOf(rest), style: 'bare', span: phraseOf(rest).span },
        collection.entityType,
        ctx,
      );
      return condition ? { ...base, filter: condition } : null;
    }
    return { ...base, filter: null };
  }
  switch (filter.kind) {
    case 'where':
    case 'with': {
      if (rest.length > 0) {
        ctx.report(
          error('check/unknown-collection', `unknown collection \`${text}\``, scope.phrase.span, {
            hint: `the collection is \`${spacedName(collection.name)}\`; put conditions after \`${filter.kind}\``,
          }),
        );
        return null;
      }
      const condition = checkCondition(filter.condition, collection.entityType, ctx);
      return condition ? { ...base, filter: condition } : null;
    }
    case 'inline': {
      let head: Condition | null = null;
      if (rest.length > 0) {
        const attribute = phraseOf(rest);
        head = filter.comparison
          ? {
              kind: 'compare',
              left: attribute,
              op: filter.comparison.op,
              right: filter.comparison.right,
              style: 'bare',
              span: attribute.span,
            }
          : { kind: 'have', attribute, style: 'bare', span: attribute.span };
      } else if (filter.comparison) {
        ctx.report(
          error('check/bad-operand', `expected an attribute of ${spacedName(collection.name)} before \`${filter.comparison.op}\``, filter.span, {
            hint: `for example \`${spacedName(collection.name)} where <attribute> ${filter.comparison.op} ...\``,
          }),
        );
        return null;
      }
      const parts: { connective: 'and' | 'or'; condition: Condition }[] = [...filter.rest];
      let first: Condition;
      if (head) first = head;
      else {
        const leading = parts.shift();
        if (!leading) return { ...base, filter: null };
        first = leading.condition;
      }
      const condition = checkCondition(foldConnectives(first, parts), collection.entityType, ctx);
      return condition ? { ...base, filter: condition } : null;
    }
  }
}

/** `a and b or c and d` in source order → `(a and b) or (c and d)`: `and` binds tighter. */
function foldConnectives(first: Condition, rest: readonly { connective: 'and' | 'or'; condition: Condition }[]): Condition {
  const disjuncts: Condition[][] = [[first]];
  for (const { connective, condition } of rest) {
    if (connective === 'or') disjuncts.push([condition]);
    else disjuncts[disjuncts.length - 1]?.push(condition);
  }
  const conjunction = (items: Condition[]): Condition =>
    items.length === 1 && items[0]
      ? items[0]
      : { kind: 'and', operands: items as unknown as readonly [Condition, Condition], span: spanOfAll(items.map((c) => c.span)) };
  const ors = disjuncts.map(conjunction);
  return ors.length === 1 && ors[0] ? ors[0] : { kind: 'or', operands: ors as unknown as readonly [Condition, Condition], span: spanOfAll(ors.map((c) => c.span)) };
}

function spanOfAll(spans: readonly Span[]): Span {
  const first = spans[0];
  if (!first) throw new Error('spanOfAll: no spans');
  return spans.reduce((a, b) => ({ file: a.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) }), first);
}

function phraseOf(words: readonly Word[]): NamePhrase {
  const first = words[0];
  const last = words[words.length - 1];
  if (!first || !last) throw new Error('phraseOf: no words');
  return { kind: 'name', words, span: { file: first.span.file, start: first.span.start, end: last.span.end } };
}

function suggestionHint(written: string, candidates: readonly string[], what: string): string {
  const best = closest(written, candidates);
  if (best) return `did you mean \`${best}\`?`;
  return `${what}: ${candidates.map((c) => `\`${c}\``).join(', ')} (see \`guard schema\`)`;
}

// ---------------------------------------------------------------------------------------------
// metadata and exceptions

function checkMetadata(
  clauses: readonly MetadataClause[],
  ctx: Context,
): { severity: RuleSeverity; rationale: string | null; remediation: string | null; references: readonly string[] } {
  const seen = new Set<string>();
  let severity: RuleSeverity = DEFAULT_SEVERITY;
  let rationale: string | null = null;
  let remediation: string | null = null;
  let references: readonly string[] = [];
  for (const clause of clauses) {
    if (seen.has(clause.key)) {
      ctx.report(error('check/bad-metadata', `\`${clause.key}\` is given twice`, clause.span));
      continue;
    }
    seen.add(clause.key);
    const value = clause.value;
    switch (clause.key) {
      case 'severity': {
        const written = 'text' in value ? value.text : value.kind === 'string' ? value.value : '';
        const found = RULE_SEVERITIES.find((s) => s === written.toLowerCase());
        if (found) severity = found;
        else
          ctx.report(
            error('check/bad-metadata', `unknown severity \`${written}\``, value.span, {
              hint: closest(written, RULE_SEVERITIES) ? `did you mean \`${closest(written, RULE_SEVERITIES)}\`?` : `use one of ${RULE_SEVERITIES.join(', ')}`,
            }),
          );
        break;
      }
      case 'rationale':
      case 'remediation': {
        if ('kind' in value && value.kind === 'string') {
          if (clause.key === 'rationale') rationale = value.value;
          else remediation = value.value;
        } else ctx.report(error('check/bad-metadata', `\`${clause.key}\` takes a string`, value.span));
        break;
      }
      case 'references': {
        if ('kind' in value && value.kind === 'string') references = [value.value];
        else if ('kind' in value && value.kind === 'list' && value.items.every((i) => i.kind === 'string')) {
          references = value.items.map((i) => (i.kind === 'string' ? i.value : ''));
        } else ctx.report(error('check/bad-metadata', '`references` takes a string or a list of strings', value.span));
        break;
      }
    }
  }
  return { severity, rationale, remediation, references };
}

function checkException(clause: ExceptClause, ctx: Context): CheckedException | null {
  const resolved = resolveEntityTypeName(ctx.schema, clause.target.words);
  const written = clause.target.words.map((w) => w.text).join(' ');
  if (typeof resolved !== 'string') {
    ctx.report(
      error('check/bad-exception', `unknown resource type \`${written}\``, clause.target.span, {
        hint: suggestionHint(written, resolved.candidates, 'resource types'),
      }),
    );
    return null;
  }
  const union = ctx.schema.collections.find((c) => c.entityType === resolved && c.memberTypes !== undefined);
  if (union?.memberTypes !== undefined) {
    // Findings name concrete resources: an exception for `identity` would match nothing.
    ctx.report(
      error('check/bad-exception', `\`${written}\` is not a resource type of findings`, clause.target.span, {
        hint: `name one of ${union.memberTypes.map((t) => `\`${t}\``).join(', ')}`,
      }),
    );
    return null;
  }
  if (clause.until === null) {
    ctx.report(
      error('check/bad-exception', 'an exception needs an expiry', clause.span, {
        hint: 'add `until YYYY-MM-DD` so the exception is reviewed',
      }),
    );
    return null;
  }
  if (clause.because === null) {
    ctx.report(warning('check/bad-exception', 'an exception should say why', clause.span, { hint: 'add `because "<reason>"`' }));
  }
  const day = parseDay(clause.until.value);
  if (day === null) {
    ctx.report(error('syntax/bad-literal', `\`${clause.until.value}\` is not a calendar date`, clause.until.span));
    return null;
  }
  const position = lineColumnIn(ctx.lineBreaks, clause.span.start);
  return {
    location: { file: clause.span.file, line: position.line, column: position.column },
    entityType: resolved,
    name: clause.name.value,
    expiresAt: day + DAY_MS,
    until: clause.until.value,
    reason: clause.because?.value ?? null,
    span: clause.span,
  };
}

// ---------------------------------------------------------------------------------------------
// constants

function literalConstant(
  literal: Literal,
  report: (d: Diagnostic) => void,
): { type: ConstantType; value: ConstantValue; text: string } | null {
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
      return { type: of, value: items, text: `[${literal.items.map((i) => literalText(i)).join(', ')}]` };
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

// ---------------------------------------------------------------------------------------------
// conditions

function resolvePath(phrase: NamePhrase, entityType: EntityType, ctx: Context): AttributePath | null {
  const resolved = resolveAttributePath(ctx.schema, entityType, phrase.words);
  const text = phrase.words.map((w) => w.text).join(' ');
  if (resolved.ok) return { steps: resolved.steps, type: resolved.type, text, span: phrase.span };
  const unresolvedText = resolved.unresolved.map((w) => w.text).join(' ');
  const where = phraseOf(resolved.unresolved).span;
  const owner = spacedName(resolved.entityType.replace(/-/g, '_'));
  if (resolved.notALink) {
    ctx.report(
      error('check/unknown-attribute', `\`${spacedName(resolved.notALink)}\` is not a link, so \`${unresolvedText}\` cannot follow it`, where),
    );
    return null;
  }
  ctx.report(
    error('check/unknown-attribute', `${owner} has no attribute \`${unresolvedText}\``, where, {
      hint: suggestionHint(unresolvedText, resolved.candidates, `attributes of ${owner}`),
    }),
  );
  return null;
}

function checkCondition(condition: Condition, entityType: EntityType, ctx: Context): CheckedCondition | null {
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

type ValueKind = AttributeType['kind'] | 'list';

interface OperandInfo {
  readonly kind: ValueKind;
  /** For lists: the element kind. */
  readonly of?: string;
  readonly describe: string;
  readonly operand: CheckedOperand;
  readonly isDateLiteral: boolean;
}

function checkOperand(operand: Operand, entityType: EntityType, ctx: Context): OperandInfo | null {
  if (operand.kind === 'name') {
    const words = operand.words;
    const single = words.length === 1 ? words[0] : undefined;
    const binding = single ? ctx.bindings.get(single.text) : undefined;
    if (binding) {
      binding.used.value = true;
      const constant: CheckedOperand = { kind: 'constant', type: binding.type, value: binding.value, text: binding.name };
      return constantInfo(constant, binding.type, false);
    }
    const resolved = resolveAttributePath(ctx.schema, entityType, words);
    const text = words.map((w) => w.text).join(' ');
    if (resolved.ok) {
      const path: AttributePath = { steps: resolved.steps, type: resolved.type, text, span: operand.span };
      return { kind: resolved.type.kind, describe: describeType(resolved.type), operand: { kind: 'attribute', path }, isDateLiteral: false };
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
  return constantInfo({ kind: 'constant', type: constant.type, value: constant.value, text: constant.text }, constant.type, operand.kind === 'date');
}

function constantInfo(operand: CheckedOperand, type: ConstantType, isDateLiteral: boolean): OperandInfo {
  // A list of dates compares by day like each of its dates (`created in [2027-01-01]`).
  if (type.kind === 'list') return { kind: 'list', of: type.of, describe: `a list of ${type.of}s`, operand, isDateLiteral: type.of === 'date' };
  return { kind: type.kind, describe: `a ${type.kind}`, operand, isDateLiteral: isDateLiteral || type.kind === 'date' };
}

const SCALARS = new Set<ValueKind>(['boolean', 'number', 'string', 'date', 'duration']);
const ORDERED = new Set<ValueKind>(['number', 'date', 'duration']);

function checkComparison(
  left: AttributePath,
  op: ComparisonOp,
  rightOperand: Operand,
  entityType: EntityType,
  span: Span,
  ctx: Context,
): CheckedCondition | null {
  const right = checkOperand(rightOperand, entityType, ctx);
  if (!right) return null;
  const l = left.type.kind;
  const ok = ((): boolean => {
    switch (op) {
      case '=':
      case '!=':
        return (SCALARS.has(l) && right.kind === l) || (l === 'link' && right.kind === 'string');
      case '<':
      case '<=':
      case '>':
      case '>=':
        return ORDERED.has(l) && right.kind === l;
      case 'in':
      case 'not in':
        // A list of strings on the left is `in` when every element is (subset); `not in` negates that.
        return right.kind === 'list' && (right.of === 'empty' || (SCALARS.has(l) && right.of === l) || ((l === 'link' || l === 'strings') && right.of === 'string'));
      case 'matches':
      case 'not matches':
        return (l === 'string' || l === 'strings' || l === 'link' || l === 'links') && right.kind === 'string';
      case 'contains':
      case 'not contains':
        return (l === 'string' || l === 'strings' || l === 'links') && right.kind === 'string';
    }
  })();
  if (!ok) {
    ctx.report(
      error('check/type-mismatch', `\`${left.text}\` is ${describeType(left.type)}, so \`${op}\` cannot take ${right.describe}`, span, {
        hint: comparisonHint(left.type, op, right),
      }),
    );
    return null;
  }
  return { kind: 'compare', op, left, right: right.operand, byDay: l === 'date' && right.isDateLiteral, span };
}

function comparisonHint(left: AttributeType, op: ComparisonOp, right: OperandInfo): string {
  if (left.kind === 'duration' && right.kind === 'number') return 'durations need a unit, such as `90d`, `12h` or `2w`';
  if (left.kind === 'date' && right.kind === 'duration') return 'to compare an age, use a duration attribute such as `age` or `unused`';
  if (left.kind === 'date' && right.kind === 'string') return 'write dates without quotes: `2027-01-01`';
  if ((op === 'in' || op === 'not in') && right.kind !== 'list') return 'write a list: `["a", "b"]`';
  if (left.kind === 'links' || left.kind === 'strings') return 'for lists use `contains`, `have at least N ...` or `have no ...`';
  if (left.kind === 'boolean') return `\`${op}\` on a boolean: write the attribute alone, or \`not\` it`;
  return `expected ${describeType(left)} on the right`;
}

