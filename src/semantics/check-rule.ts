import { type Diagnostic, error, lineColumnIn, lineTextAt } from '../diagnostics/index.ts';
import { type Condition, derivedRuleId, printRuleBody, type Rule, type Scope } from '../syntax/index.ts';
import { checkCondition } from './check-condition.ts';
import { type Context, phraseOf, spanOfAll, suggestionHint } from './check-context.ts';
import { checkException, checkMetadata } from './check-metadata.ts';
import type { CheckedBody, CheckedRule, CheckedScope } from './checked-ast.ts';
import { bodyReads } from './condition-walk.ts';
import { resolveScopePhrase, spacedName } from './resolve-names.ts';

// A rule: its body, scope and filter, metadata and exceptions; a rule with any error is dropped.

export function checkRule(rule: Rule, text: string, context: Context): CheckedRule | null {
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
    body,
    exceptions,
    source: rule,
    location: { file: rule.span.file, line: position.line, column: position.column },
    sourceLine: lineTextAt(text, rule.body.span.start).trim(),
    reads: bodyReads(ctx.schema, body),
  };
}

function checkBody(body: Rule['body'], ctx: Context): CheckedBody | null {
  const scope = checkScope(body.scope, ctx);
  if (!scope) return null;
  switch (body.kind) {
    case 'denied':
      return { kind: 'denied', scope };
    case 'must':
    case 'must-not': {
      const condition = checkCondition(body.condition, scope.entityType, ctx);
      return condition && { kind: body.kind, scope, condition };
    }
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
      const condition = checkCondition({ kind: 'have', attribute: phraseOf(rest), style: 'bare', span: phraseOf(rest).span }, collection.entityType, ctx);
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
    items.length === 1 && items[0] ? items[0] : { kind: 'and', operands: items as unknown as readonly [Condition, Condition], span: spanOfAll(items.map((c) => c.span)) };
  const ors = disjuncts.map(conjunction);
  return ors.length === 1 && ors[0] ? ors[0] : { kind: 'or', operands: ors as unknown as readonly [Condition, Condition], span: spanOfAll(ors.map((c) => c.span)) };
}
