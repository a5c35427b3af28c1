import pc from 'picocolors';
import type { EvidenceValue } from '../engine/index.ts';
import { formatEvidence } from './evidence.ts';

/** An entity a scope matched (or may match: its filter is unknown on it), with the attribute values shown. */
export interface InspectRow {
  readonly type: string;
  readonly name: string;
  readonly arn: string | null;
  readonly key: string;
  readonly match: true | 'unknown';
  readonly attributes: Readonly<Record<string, EvidenceValue>>;
}

/** `guard inspect`: what a scope sees in a snapshot. */
export interface InspectReport {
  readonly scope: string;
  readonly collection: string;
  readonly account: string;
  readonly capturedAt: string;
  readonly now: string;
  /** False when the collection was not collected: nothing can be listed. */
  readonly known: boolean;
  readonly missingSections: readonly string[];
  /** Entities in the collection, matched or not. */
  readonly total: number;
  readonly rows: readonly InspectRow[];
}

export function renderInspectText(report: InspectReport, options: { readonly color: boolean }): string {
  const c = pc.createColors(options.color);
  const out: string[] = [];
  if (!report.known) {
    const sections = report.missingSections.length ? report.missingSections.join(', ') : 'the sections it needs';
    return `${c.yellow(`${report.collection} could not be listed: ${sections} not collected`)}\n`;
  }
  for (const row of report.rows) {
    out.push(`${row.type} ${c.bold(row.name)}${row.arn ? c.dim(`  ${row.arn}`) : ''}${row.match === 'unknown' ? c.yellow('  (the condition is unknown on it)') : ''}`);
    for (const [name, value] of Object.entries(row.attributes)) out.push(`    ${name}: ${formatEvidence(value)}`);
  }
  if (out.length) out.push('');
  const unknown = report.rows.filter((r) => r.match === 'unknown').length;
  const matched = report.rows.length - unknown;
  out.push(`${c.bold(report.scope)}: ${matched} of ${report.total} ${report.collection} match${unknown ? `, ${unknown} unknown` : ''} (account ${report.account} at ${report.now})`);
  return `${out.join('\n')}\n`;
}

export function renderInspectJson(report: InspectReport): string {
  const unknown = report.rows.filter((r) => r.match === 'unknown').length;
  const document = {
    scope: report.scope,
    collection: report.collection,
    snapshot: { account: report.account, capturedAt: report.capturedAt },
    now: report.now,
    known: report.known,
    missingSections: report.missingSections,
    summary: { total: report.total, matched: report.rows.length - unknown, unknown },
    entities: report.rows,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
