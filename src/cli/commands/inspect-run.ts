/** `guard inspect`'s implementation, loaded when the command runs (its definition is inspect.ts). */
import type { Diagnostic } from '../../diagnostics/index.ts';
import { compileProgram, type EvidenceValue, evaluate, evidenceValue, TRUE, UNKNOWN_TRI } from '../../engine/index.ts';
import { type AttributeSpec, ENTITY_TYPES, type Entity, SCHEMA } from '../../model/index.ts';
import { renderDiagnostics } from '../../report/diagnostics-text.ts';
import { type InspectReport, type InspectRow, renderInspectJson, renderInspectText } from '../../report/inspect.ts';
import { type CheckedRule, canonicalName, checkSources, closest, spacedName } from '../../semantics/index.ts';
import { EXIT } from '../exit-codes.ts';
import { type CliIo, UsageError } from '../io.ts';
import { loadModel } from '../load-model.ts';

export interface InspectFlags {
  readonly snapshot: string;
  readonly attributes?: string;
  readonly format: 'text' | 'json';
  readonly now?: number;
  readonly param: Record<string, string>;
  readonly color?: boolean;
}

/** How diagnostics name the scope given on the command line. */
const SCOPE_SOURCE = 'scope';
/** The scope becomes a rule's (`<scope> denied`) so that the checker reads it exactly as in a rule file. */
const BODY = ' denied';

/**
 * The scope, checked as a rule's scope: a located diagnostic on the scope text when it does not
 * check. The synthetic `denied` after it is never shown: what the parser found there is the end of
 * the scope.
 */
export function checkScope(scope: string, params: Record<string, string>): { rule: CheckedRule | null; diagnostics: Diagnostic[] } {
  if (/[\r\n]/.test(scope)) throw new UsageError('SCOPE: a scope is one line: a collection and an optional `where` condition');
  const checked = checkSources([{ path: SCOPE_SOURCE, text: `${scope}${BODY}\n` }], { params });
  const diagnostics = checked.diagnostics.map((d) => {
    if (d.span === null || d.span.start < scope.length) return d;
    const span = { ...d.span, start: scope.length, end: scope.length };
    return { ...d, span, message: d.message.replace('found `denied`', 'found the end of the scope') };
  });
  const rule = checked.program?.rules[0] ?? null;
  return { rule, diagnostics };
}

/** `--attributes a,b`: attribute specs of the scope's entity type, by any of their names; an unknown one is an error with the closest. */
export function chooseAttributes(list: string | undefined, attributes: readonly AttributeSpec[], typeName: string): readonly AttributeSpec[] | null {
  if (list === undefined) return null;
  const chosen: AttributeSpec[] = [];
  for (const written of list
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '')) {
    const name = canonicalName(written.split(/\s+/));
    const spec = attributes.find((a) => a.name === name || (a.aliases ?? []).includes(name));
    if (spec === undefined) {
      const near = closest(
        name,
        attributes.map((a) => a.name),
      );
      throw new UsageError(`--attributes: ${typeName} has no attribute \`${written}\`${near === null ? ` (see \`guard schema\`)` : `; did you mean \`${spacedName(near)}\`?`}`);
    }
    if (!chosen.includes(spec)) chosen.push(spec);
  }
  if (chosen.length === 0) throw new UsageError('--attributes: expected attribute names, comma-separated, such as `name,mfa`');
  return chosen;
}

function valuesOf(entity: Entity, chosen: readonly AttributeSpec[] | null): Record<string, EvidenceValue> {
  const specs = chosen ?? ENTITY_TYPES[entity.type].attributes;
  const values: Record<string, EvidenceValue> = {};
  for (const spec of specs) values[spacedName(spec.name)] = evidenceValue(entity.attrs[spec.name] ?? null, spec.type);
  return values;
}

export async function runInspect(scope: string, flags: InspectFlags, io: CliIo): Promise<number> {
  const color = flags.color !== false && io.stderrIsTTY && !io.env['NO_COLOR'];
  const { rule, diagnostics } = checkScope(scope, flags.param);
  if (diagnostics.length) io.stderr(renderDiagnostics(diagnostics, { sources: new Map([[SCOPE_SOURCE, scope]]), color }));
  if (rule === null) return EXIT.usage;
  const scoped = rule.body.scope;
  const type = SCHEMA.entityTypes[scoped.entityType];
  const chosen = chooseAttributes(flags.attributes, type.attributes, spacedName(scoped.entityType.replace(/-/g, '_')));
  const model = await loadModel(flags, io, color);
  if (model === null) return EXIT.usage;
  const collection = model.collections[scoped.collection];
  const rows: InspectRow[] = [];
  // A `denied` rule fails exactly the entities its filter matches, and is unknown where the filter is.
  evaluate(compileProgram({ rules: [rule], params: [] }), model, {
    onVerdict: (_rule, entity, verdict) => {
      if (verdict === TRUE) return;
      rows.push({ type: entity.type, name: entity.name, arn: entity.arn, key: entity.key, match: verdict === UNKNOWN_TRI ? 'unknown' : true, attributes: valuesOf(entity, chosen) });
    },
  });
  const report: InspectReport = {
    scope: scope.trim(),
    collection: spacedName(scoped.collection),
    account: model.account.id,
    capturedAt: new Date(model.capturedAt).toISOString(),
    now: new Date(model.now).toISOString(),
    known: collection?.known === true,
    missingSections: model.missingSections,
    total: collection?.entities.length ?? 0,
    rows,
  };
  const stdoutColor = flags.color !== false && io.stdoutIsTTY && !io.env['NO_COLOR'];
  io.stdout(flags.format === 'json' ? renderInspectJson(report) : renderInspectText(report, { color: stdoutColor }));
  return EXIT.ok;
}
