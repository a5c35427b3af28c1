import { error, lineColumnIn, warning } from '../diagnostics/index.ts';
import { DAY_MS } from '../model/language.ts';
import type { ExceptClause, MetadataClause } from '../syntax/index.ts';
import { type Context, suggestionHint } from './check-context.ts';
import type { CheckedException } from './checked-ast.ts';
import { parseDay } from './parse-day.ts';
import { resolveEntityTypeName } from './resolve-names.ts';
import { DEFAULT_SEVERITY, RULE_SEVERITIES, type RuleSeverity } from './severity.ts';
import { closest } from './suggest.ts';

// A rule's metadata clauses (severity, rationale, remediation, references) and its exceptions.

export function checkMetadata(clauses: readonly MetadataClause[], ctx: Context): { severity: RuleSeverity; rationale: string | null; remediation: string | null; references: readonly string[] } {
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

export function checkException(clause: ExceptClause, ctx: Context): CheckedException | null {
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
