import { type Diagnostic, type DiagnosticCode, error, failure, isNonEmpty, type Outcome, success, warning } from '../diagnostics/index.ts';
import { describeJsonProblem, escapeInput, formatJsonPath, type InputKind, parseJson, quoteInput, readInputFile } from '../model/index.ts';
import type { EvaluationResult, Finding, FindingStatus } from './finding.ts';
import { findingFingerprint, fingerprint, isFingerprint } from './fingerprint.ts';

/** The findings JSON format this module reads (what `renderJson` writes). */
export const FINDINGS_FORMAT = 'guard-findings/v1';

// No `baseline/*` codes exist yet; these are the closest and live in one place so they are easy to switch.
const UNREADABLE: DiagnosticCode = 'usage/io';
const INVALID: DiagnosticCode = 'usage/bad-flag';
const MAX_ERRORS = 20;

export type BaselineState = 'new' | 'existing';

/** One finding of an earlier run, as far as a baseline needs it. */
export interface BaselineEntry {
  readonly fingerprint: string;
  readonly rule: string;
  readonly severity: string;
  readonly status: FindingStatus;
  readonly resource: { readonly type: string; readonly name: string; readonly arn: string | null };
  readonly message: string;
  /** The account id of a finding of an organization run; null for a single account's. */
  readonly account: string | null;
}

export interface Baseline {
  /** The path used in diagnostics. */
  readonly file: string;
  readonly account: string | null;
  readonly capturedAt: string | null;
  /** Whether it is the findings JSON of an organization run (`organization` present). */
  readonly organization: boolean;
  readonly entries: readonly BaselineEntry[];
}

/** A finding of the baseline that the current run no longer has. */
export interface ResolvedFinding {
  readonly entry: BaselineEntry;
  /** `fixed`: its rule ran and the resource passed or is gone; `rule-not-run`: its rule was not evaluated this time. */
  readonly reason: 'fixed' | 'rule-not-run';
}

export interface BaselineComparison {
  readonly file: string;
  /** New or existing, by fingerprint of each current finding. */
  readonly states: ReadonlyMap<string, BaselineState>;
  /** `new` and `existing` count open (fail or unknown) findings only; `resolved` counts baseline entries now gone. */
  readonly counts: { readonly new: number; readonly existing: number; readonly resolved: number };
  readonly resolved: readonly ResolvedFinding[];
  /** E.g. a baseline of another account, where every finding is new. */
  readonly warnings: readonly Diagnostic[];
}

const BASELINE_FILE: InputKind = {
  noun: 'baseline',
  unreadable: UNREADABLE,
  notText: INVALID,
  hint: 'write one with `guard baseline write` or `guard eval --format json --output baseline.json`',
};

/** Reads a findings JSON v1 file (optionally gzipped) as a baseline. */
export async function loadBaselineFile(path: string, file: string = path): Promise<Outcome<Baseline>> {
  const text = await readInputFile(path, file, BASELINE_FILE);
  return text.ok ? parseBaseline(text.value, file) : text;
}

/** Validates a findings JSON v1 document and extracts what a baseline needs; every problem is reported, up to a cap. */
export function parseBaseline(text: string, file: string): Outcome<Baseline> {
  const name = `baseline \`${escapeInput(file)}\``;
  const parsed = parseJson(text.replace(/^\uFEFF/, ''), MAX_ERRORS);
  if (!parsed.ok) {
    const errors = parsed.problems.map((p) =>
      p.kind === 'syntax' ? error(INVALID, `${name} is not JSON: ${describeJsonProblem(p)}`, null) : error(INVALID, `${name} has ${describeJsonProblem(p)}`, null, { path: formatJsonPath(p.path, '$') }),
    );
    if (parsed.more > 0) errors.push(error(INVALID, `and ${parsed.more} more duplicate keys in ${name}`, null));
    return failed(errors);
  }
  const data = parsed.value;
  const problems: Diagnostic[] = [];
  const problem = (path: string, message: string, hint?: string): void => {
    problems.push(error(INVALID, message, null, hint === undefined ? { path } : { path, hint }));
  };
  if (!isRecord(data)) {
    problem('$', `${name} is not a findings JSON object`, 'write one with `guard baseline write` or `guard eval --format json`');
    return failed(problems);
  }
  if (data['format'] !== FINDINGS_FORMAT) {
    const found = typeof data['format'] === 'string' ? quoteInput(data['format']) : 'no format';
    const hint = data['format'] === 'guard-snapshot/v1' ? 'this is a snapshot; a baseline is the findings JSON of an earlier `guard eval`' : 'write one with `guard baseline write` or `guard eval --format json`';
    problem('$.format', `expected format \`${FINDINGS_FORMAT}\` in ${name} but found ${found}`, hint);
    return failed(problems);
  }
  const snapshot = isRecord(data['snapshot']) ? data['snapshot'] : null;
  const account = snapshot && typeof snapshot['account'] === 'string' ? snapshot['account'] : null;
  const capturedAt = snapshot && typeof snapshot['capturedAt'] === 'string' ? snapshot['capturedAt'] : null;
  const findings = data['findings'];
  if (!Array.isArray(findings)) {
    problem('$.findings', `${name} has no \`findings\` list`);
    return failed(problems);
  }
  const entries: BaselineEntry[] = [];
  findings.forEach((item: unknown, index) => {
    const entry = readEntry(item, `$.findings[${index}]`, problem);
    if (entry) entries.push(entry);
  });
  if (isNonEmpty(problems)) {
    const shown = problems.slice(0, MAX_ERRORS);
    if (problems.length > MAX_ERRORS) shown.push(error(INVALID, `and ${problems.length - MAX_ERRORS} more problems in ${name}`, null));
    return failed(shown);
  }
  return success({ file, account, capturedAt, organization: isRecord(data['organization']), entries });
}

const STATUSES: readonly FindingStatus[] = ['fail', 'unknown', 'waived'];

function readEntry(item: unknown, path: string, problem: (path: string, message: string, hint?: string) => void): BaselineEntry | null {
  if (!isRecord(item)) {
    problem(path, 'expected a finding object');
    return null;
  }
  const before = { count: 0 };
  const need = (key: string, ok: boolean, expected: string): void => {
    if (!ok) {
      before.count++;
      problem(`${path}.${key}`, `expected ${expected} in \`${key}\``);
    }
  };
  const rule = item['rule'];
  const status = item['status'];
  const resource = item['resource'];
  need('rule', typeof rule === 'string' && rule.length > 0, 'a rule id');
  need(
    'status',
    STATUSES.some((s) => s === status),
    `one of ${STATUSES.join(', ')}`,
  );
  need('resource', isRecord(resource), 'a resource object');
  const res = isRecord(resource) ? resource : {};
  if (isRecord(resource)) {
    need('resource.type', typeof res['type'] === 'string', 'a string');
    need('resource.name', typeof res['name'] === 'string', 'a string');
    need('resource.arn', res['arn'] === undefined || res['arn'] === null || typeof res['arn'] === 'string', 'a string or null');
  }
  const accountField = item['account'];
  need('account', accountField === undefined || (isRecord(accountField) && typeof accountField['id'] === 'string'), 'an account object with an `id`');
  const account = isRecord(accountField) && typeof accountField['id'] === 'string' ? accountField['id'] : null;
  const given = item['fingerprint'];
  if (given !== undefined) need('fingerprint', typeof given === 'string' && isFingerprint(given), 'a sha256 hex fingerprint');
  // Older or hand-made files may lack the fingerprint: rebuild it from the resource key (or the ARN).
  const key = typeof res['key'] === 'string' ? res['key'] : typeof res['arn'] === 'string' ? res['arn'] : null;
  if (given === undefined && key === null && before.count === 0) {
    before.count++;
    problem(path, 'finding has neither a `fingerprint` nor a `resource.key` or `resource.arn` to identify it', 'regenerate the baseline with this version of guard');
  }
  if (before.count > 0) return null;
  const arn = typeof res['arn'] === 'string' ? res['arn'] : null;
  return {
    fingerprint: typeof given === 'string' ? given : fingerprint(rule as string, key as string, account ?? undefined),
    rule: rule as string,
    severity: typeof item['severity'] === 'string' ? item['severity'] : 'medium',
    status: status as FindingStatus,
    resource: { type: res['type'] as string, name: res['name'] as string, arn },
    message: typeof item['message'] === 'string' ? item['message'] : '',
    account,
  };
}

/**
 * Marks each current finding new or existing and lists the baseline's findings that are gone.
 *
 * A finding is existing when the baseline holds the same fingerprint as a fail or unknown finding.
 * A baseline entry that was only waived does not grandfather the finding: when that waiver lapses
 * and the finding fails, it counts as new, so a baseline never outlives an exception's expiry.
 *
 * Organization runs compare per account (fingerprints include the account id), and a baseline entry
 * of an account this run did not evaluate (another shard's, or one whose snapshot could not be
 * read) is neither existing nor resolved: nothing is known about it this time.
 */
export function compareWithBaseline(result: EvaluationResult, baseline: Baseline): BaselineComparison {
  const accepted = new Set<string>();
  const seen = new Set<string>();
  for (const entry of baseline.entries) {
    seen.add(entry.fingerprint);
    if (entry.status !== 'waived') accepted.add(entry.fingerprint);
  }
  const states = new Map<string, BaselineState>();
  const current = new Set<string>();
  let fresh = 0;
  let existing = 0;
  for (const finding of result.findings) {
    const id = findingFingerprint(finding);
    current.add(id);
    const state: BaselineState = accepted.has(id) || (finding.status === 'waived' && seen.has(id)) ? 'existing' : 'new';
    states.set(id, state);
    // Counts are of open findings, the ones a gate acts on; waived ones still get a state.
    if (finding.status === 'waived') continue;
    if (state === 'new') fresh++;
    else existing++;
  }
  const ruleIds = new Set(result.rules.map((r) => r.id));
  const resolved: ResolvedFinding[] = [];
  const reported = new Set<string>();
  const evaluated = result.organization ? new Set(result.organization.accounts.filter((a) => a.status === 'evaluated').map((a) => a.id)) : null;
  for (const entry of baseline.entries) {
    if (current.has(entry.fingerprint) || reported.has(entry.fingerprint)) continue;
    if (evaluated !== null && entry.account !== null && !evaluated.has(entry.account)) continue;
    reported.add(entry.fingerprint);
    resolved.push({ entry, reason: ruleIds.has(entry.rule) ? 'fixed' : 'rule-not-run' });
  }
  // Account by account (stable, so each account's keep the baseline's order): what merged shards give too.
  if (evaluated !== null) resolved.sort((a, b) => ((a.entry.account ?? '') < (b.entry.account ?? '') ? -1 : (a.entry.account ?? '') > (b.entry.account ?? '') ? 1 : 0));
  const warnings: Diagnostic[] = [];
  if (baseline.organization !== (result.organization !== undefined)) {
    warnings.push(
      warning(
        INVALID,
        baseline.organization
          ? `baseline \`${escapeInput(baseline.file)}\` is of an organization run but this run is of one snapshot`
          : `baseline \`${escapeInput(baseline.file)}\` is of one account but this run is of an organization`,
        null,
        { hint: 'write the baseline from the same kind of run (`--snapshot dir/` for an organization), or every finding counts as new' },
      ),
    );
  } else if (!baseline.organization && baseline.account !== null && baseline.account !== result.snapshot.account) {
    warnings.push(
      warning(INVALID, `baseline \`${escapeInput(baseline.file)}\` is of account ${escapeInput(baseline.account)} but the snapshot is of account ${result.snapshot.account}`, null, {
        hint: 'use a baseline written from the same account, or every finding counts as new',
      }),
    );
  }
  return { file: baseline.file, states, counts: { new: fresh, existing, resolved: resolved.length }, resolved, warnings };
}

/** A finding's state against a baseline; a finding not seen by the comparison is new. */
export function baselineState(comparison: BaselineComparison, finding: Pick<Finding, 'rule' | 'resource' | 'account'>): BaselineState {
  return fingerprintState(comparison, findingFingerprint(finding));
}

/** baselineState of a finding whose fingerprint a report has already made (a sha256 per finding is worth saving on a large run). */
export function fingerprintState(comparison: BaselineComparison, fingerprint: string): BaselineState {
  return comparison.states.get(fingerprint) ?? 'new';
}

function failed(problems: readonly Diagnostic[]): Outcome<Baseline> {
  // INVARIANT: called only after at least one problem was recorded.
  if (!isNonEmpty(problems)) throw new Error('bug: baseline validation failed without a diagnostic');
  return failure(problems);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
