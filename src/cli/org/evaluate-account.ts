/**
 * One account of an organization run: read and validate its snapshot, normalize, evaluate, and hand
 * back the findings (tagged with the account) as plain data. The model is garbage once this returns,
 * so a run holds one model per worker at a time, whatever the organization's size.
 */
import { readFile } from 'node:fs/promises';
import type { Diagnostic } from '../../diagnostics/index.ts';
import type { compileProgram, EmptyScope, Finding } from '../../engine/index.ts';
import { evaluate } from '../../engine/index.ts';
import { type AttributeReads, normalizeSnapshot, parseValidSnapshot } from '../../model/index.ts';
import { renderDiagnostics } from '../../report/diagnostics-text.ts';
import { findingsText } from '../../report/json.ts';

export interface AccountJob {
  /** Position in the run's account list: outcomes come back in any order. */
  readonly index: number;
  readonly path: string;
  readonly file: string;
  readonly expectedId: string | null;
  readonly name: string | null;
}

export type AccountOutcome =
  | {
      readonly kind: 'evaluated';
      readonly index: number;
      readonly id: string;
      readonly name: string | null;
      readonly organizationId: string | null;
      readonly capturedAt: string;
      readonly now: string;
      readonly pass: number;
      readonly missingSections: readonly string[];
      readonly emptyScopes: readonly EmptyScope[];
      /** The findings; empty when they come `rendered`. */
      readonly findings: readonly Finding[];
      readonly rendered: RenderedFindings | null;
      /** Warnings about the snapshot, rendered, for stderr. */
      readonly stderr: string;
    }
  | { readonly kind: 'failed'; readonly index: number; readonly id: string | null; readonly error: string; readonly stderr: string };

export interface EvaluatorSetup {
  readonly now?: number;
  readonly color: boolean;
  /**
   * Hand back the findings as their JSON text and counts instead of objects: a JSON-only report then
   * costs the main thread a string per account, not a copy of every finding to deserialize and render.
   */
  readonly renderJson: boolean;
}

/** An account's findings as findings-JSON elements, with what the report and the exit code need of them. */
export interface RenderedFindings {
  readonly json: string;
  readonly counts: { readonly fail: number; readonly unknown: number; readonly waived: number };
  /** Each finding's severity and status (as `severity status`), once each: enough to decide --fail-on. */
  readonly verdicts: readonly string[];
}

export type PreparedRules = ReturnType<typeof compileProgram>;

/** The read is the only await: what follows runs to the end at once, so jobs a worker holds side by side (pool.ts) never hold two models. */
export async function evaluateAccount(job: AccountJob, prepared: PreparedRules, reads: AttributeReads, setup: EvaluatorSetup): Promise<AccountOutcome> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(job.path);
  } catch (caught) {
    const error = `cannot read snapshot \`${job.file}\`: ${caught instanceof Error && 'code' in caught ? String(caught.code) : String(caught)}`;
    return { kind: 'failed', index: job.index, id: job.expectedId, error, stderr: '' };
  }
  // Parsed under the name the user gave, so messages do not show the absolute path.
  const loaded = parseValidSnapshot(bytes, job.file);
  const render = (diagnostics: readonly Diagnostic[]): string => (diagnostics.length ? renderDiagnostics(diagnostics, { sources: new Map(), color: setup.color, fallbackSource: job.file }) : '');
  if (!loaded.ok) {
    const [first, ...rest] = loaded.errors;
    // One line for the report, naming the file (and where in it) unless the message does already.
    const where = first.message.includes(job.file) ? '' : `${job.file}${first.path ? ` at ${first.path}` : ''}: `;
    const error = `${where}${first.message}${rest.length ? ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})` : ''}`;
    return { kind: 'failed', index: job.index, id: job.expectedId, error, stderr: render([...loaded.errors, ...loaded.warnings]) };
  }
  const { snapshot, parsed } = loaded.value;
  const id = snapshot.account.id;
  if (job.expectedId !== null && id !== job.expectedId) {
    return { kind: 'failed', index: job.index, id: job.expectedId, error: `\`${job.file}\` holds account ${id}, not account ${job.expectedId} as its name or the manifest says`, stderr: '' };
  }
  const organizations = snapshot.organizations ?? null;
  const name = job.name ?? organizations?.accounts?.find((a) => a.Id === id)?.Name ?? null;
  const model = normalizeSnapshot(snapshot, { parsed, reads, ...(setup.now === undefined ? {} : { now: setup.now }) });
  const result = evaluate(prepared, model, { account: { id, name } });
  return {
    kind: 'evaluated',
    index: job.index,
    id,
    name,
    organizationId: organizations?.organization?.Id ?? null,
    capturedAt: result.snapshot.capturedAt,
    now: result.now,
    pass: result.summary.pass,
    missingSections: result.missingSections,
    emptyScopes: result.emptyScopes ?? [],
    ...findingsOf(result.findings, setup.renderJson),
    stderr: render(loaded.warnings),
  };
}

function findingsOf(findings: readonly Finding[], renderJson: boolean): { findings: readonly Finding[]; rendered: RenderedFindings | null } {
  if (!renderJson) return { findings, rendered: null };
  const counts = { fail: 0, unknown: 0, waived: 0 };
  const verdicts = new Set<string>();
  for (const finding of findings) {
    counts[finding.status]++;
    verdicts.add(`${finding.severity} ${finding.status}`);
  }
  return { findings: [], rendered: { json: findingsText(findings), counts, verdicts: [...verdicts] } };
}
