import type { EvaluationResult, ExceptionEntry, ExceptionMatch, Finding, Waiver } from '../engine/index.ts';
import { FINDINGS_FORMAT, findingFingerprint, fingerprintState } from '../engine/index.ts';
import { type AccountSummary, accountSummaries } from './accounts.ts';
import type { GateInputs } from './gate-inputs.ts';

/**
 * Findings JSON v1 (DESIGN.md "Contracts"), the machine-readable output and the baseline format.
 * Fields beyond the contract are additive: `now`, `missingSections`, `rules` (each evaluated rule's
 * metadata: title, rationale, remediation, references), `resource.key`, `fingerprint`, `waiver`,
 * `expiredWaiver`; with a baseline, `baseline` on each finding, counts in
 * `summary` and `resolved`; with an exceptions file, `exceptions` with expired and stale entries.
 * An organization run's document (see organizationJsonParts) adds `organization` (its id, the
 * shard, every account with its file, status, error and counts), `account` on each finding, and
 * each rule's `source`; a single snapshot's document is unchanged. A rule whose scope matched
 * nothing carries `emptyScope` (`filter` or `no-entities`); in an organization run each account
 * lists its `emptyScopes` instead (the rules come before any account is evaluated). A rule its
 * params switch off carries `off`, the reason (`param allowed_regions is empty`), in both.
 */
export function renderJson(result: EvaluationResult, options: GateInputs = {}): string {
  return [...jsonParts(result, options)].join('');
}

/**
 * renderJson in parts, for writing a large report without holding it as one string: the bytes of
 * `JSON.stringify(document, null, 2)`, each finding written by hand (a finding per part), the rest by JSON.stringify.
 */
export function* jsonParts(result: EvaluationResult, options: GateInputs = {}): Generator<string, void, undefined> {
  if (result.organization) {
    yield* organizationJsonParts(result, options);
    return;
  }
  const { baseline } = options;
  const summary = baseline ? { ...result.summary, new: baseline.counts.new, existing: baseline.counts.existing, resolved: baseline.counts.resolved } : result.summary;
  const empty = new Map((result.emptyScopes ?? []).map((e) => [e.rule, e.reason]));
  const head = {
    format: FINDINGS_FORMAT,
    snapshot: { account: result.snapshot.account, capturedAt: result.snapshot.capturedAt },
    now: result.now,
    summary,
    missingSections: result.missingSections,
    rules: result.rules.map((rule) => {
      const emptyScope = empty.get(rule.id);
      return { ...ruleJson(rule), ...(emptyScope === undefined ? {} : { emptyScope }) };
    }),
  };
  const tail = gateJson(options);
  // `{ …head… \n}` without its closing line, then the findings, then the tail's members without its braces.
  const headText = JSON.stringify(head, null, 2);
  yield `${headText.slice(0, -2)},\n  "findings": [`;
  const findings = findingsWriter(baseline);
  yield* findingParts(findings, result.findings);
  yield findings.close();
  const tailText = JSON.stringify(tail, null, 2);
  yield tailText === '{}' ? '\n}\n' : `,${tailText.slice(1)}\n`;
}

function gateJson(options: GateInputs): Record<string, unknown> {
  const { baseline, exceptions } = options;
  return {
    ...(baseline
      ? {
          resolved: baseline.resolved.map(({ entry, reason }) => ({
            rule: entry.rule,
            ...(entry.account === null ? {} : { account: entry.account }),
            severity: entry.severity,
            status: entry.status,
            resource: entry.resource,
            message: entry.message,
            fingerprint: entry.fingerprint,
            reason,
          })),
        }
      : {}),
    ...(exceptions
      ? {
          exceptions: {
            applied: exceptions.applied.map(matchJson),
            expired: exceptions.expired.map(matchJson),
            stale: exceptions.stale.map(entryJson),
          },
        }
      : {}),
  };
}

/**
 * An organization's document puts what depends on every account (summary, accounts, times) after
 * the findings, so a run can write each account's findings as it is done and forget them
 * (`organizationHead`, `findingsWriter`, `organizationTail`); rules carry their `source`, so that
 * `guard merge` can render any format from it.
 */
function* organizationJsonParts(result: EvaluationResult, options: GateInputs): Generator<string, void, undefined> {
  yield organizationHead(result.rules);
  const findings = findingsWriter(options.baseline);
  yield* findingParts(findings, result.findings);
  yield findings.close();
  yield organizationTail(result, accountSummaries(result), options);
}

/** The document up to the opening of its findings list. */
export function organizationHead(rules: EvaluationResult['rules']): string {
  const head = {
    format: FINDINGS_FORMAT,
    rules: rules.map((rule) => ({ ...ruleJson(rule), source: rule.source })),
  };
  return `${JSON.stringify(head, null, 2).slice(0, -2)},\n  "findings": [`;
}

/** After the findings: the counts of `summaries` (each account's), the organization, the times and the gate's lists. */
export function organizationTail(result: EvaluationResult, summaries: readonly AccountSummary[], options: GateInputs): string {
  const { baseline } = options;
  const organization = result.organization;
  const tail = {
    summary: baseline ? { ...result.summary, new: baseline.counts.new, existing: baseline.counts.existing, resolved: baseline.counts.resolved } : result.summary,
    organization: {
      id: organization?.id ?? null,
      ...(organization?.shard ? { shard: `${organization.shard.index}/${organization.shard.count}` } : {}),
      accounts: summaries.map(({ account, fail, unknown, waived, pass }) => ({
        id: account.id,
        name: account.name,
        file: account.file,
        status: account.status,
        capturedAt: account.capturedAt,
        now: account.now,
        summary: { fail, unknown, waived, pass },
        missingSections: account.missingSections,
        error: account.error,
        ...(account.emptyScopes ? { emptyScopes: account.emptyScopes } : {}),
      })),
    },
    snapshot: { account: result.snapshot.account, capturedAt: result.snapshot.capturedAt },
    now: result.now,
    missingSections: result.missingSections,
    ...gateJson(options),
  };
  return `,${JSON.stringify(tail, null, 2).slice(1)}\n`;
}

/** Findings a part holds: one JSON.stringify each, large enough to cost little per finding, small enough that no report is held whole. */
const FINDINGS_PER_PART = 256;

function* findingParts(writer: FindingsWriter, findings: readonly Finding[]): Generator<string, void, undefined> {
  for (let i = 0; i < findings.length; i += FINDINGS_PER_PART) yield writer.part(findings.slice(i, i + FINDINGS_PER_PART));
}

export interface FindingsWriter {
  /** Consecutive findings as elements of the list, with the separator before them; '' for none. */
  readonly part: (findings: readonly Finding[]) => string;
  /** Elements already rendered by `findingsText`, after their separator: two parts, so the text is never copied to join them. */
  readonly rendered: (text: string) => readonly string[];
  readonly close: () => string;
}

/**
 * The findings list's elements, a part per batch of findings, then its close. `rendered` takes findings
 * already rendered by `findingsText` (a worker thread's account), so the bytes are the same.
 */
export function findingsWriter(baseline: GateInputs['baseline']): FindingsWriter {
  let first = true;
  return {
    part: (findings) => {
      if (findings.length === 0) return '';
      const elements = findings.map((f) => findingJson(f, baseline));
      const text = elementsText(elements, first);
      first = false;
      return text;
    },
    rendered: (text) => {
      if (text === '') return [];
      const separator = first ? '\n' : ',\n';
      first = false;
      return [separator, text];
    },
    close: () => (first ? ']' : '\n  ]'),
  };
}

/** Findings (no baseline) as consecutive elements of the findings list, without the separator before the first. */
export function findingsText(findings: readonly Finding[]): string {
  if (findings.length === 0) return '';
  const elements = findings.map((f) => findingJson(f, undefined));
  return elementsText(elements, true).slice(1);
}

const LIST_OPEN = '{\n  "findings": [';
const LIST_CLOSE = '\n  ]\n}';
/** An element before the batch, whose `,\n` separator the slice keeps: `{ "findings": [0, …batch] }`. */
const AFTER = 0;
const LIST_OPEN_AFTER = `${LIST_OPEN}\n    ${AFTER}`;

/**
 * Elements of the document's findings list (4 spaces in, `,\n` between them) with the separator
 * before them (`\n` for the first, `,\n` after others), exactly as JSON.stringify(document, null, 2)
 * writes them: one JSON.stringify of a list at that depth, sliced, so the part is one flat string (a
 * separator joined on would make a rope that writing copies whole). Writing each finding by hand in
 * template strings cost about 3 times as much (ropes, then flattening).
 */
function elementsText(elements: readonly object[], first: boolean): string {
  if (first) return JSON.stringify({ findings: elements }, null, 2).slice(LIST_OPEN.length, -LIST_CLOSE.length);
  return JSON.stringify({ findings: [AFTER, ...elements] }, null, 2).slice(LIST_OPEN_AFTER.length, -LIST_CLOSE.length);
}

/** A finding as the document lists it, keys in the order reporters have always printed them. */
function findingJson(finding: Finding, comparison: GateInputs['baseline']): object {
  const r = finding.resource;
  const resource = { type: r.type, name: r.name, arn: r.arn, key: r.key };
  const fingerprint = findingFingerprint(finding);
  const baseline = comparison === undefined ? undefined : fingerprintState(comparison, fingerprint);
  const waiver = finding.waiver ? waiverJson(finding.waiver) : null;
  const expiredWaiver = finding.expiredWaiver ? waiverJson(finding.expiredWaiver) : null;
  const { rule, account, severity, status, message, evidence, location } = finding;
  // Literal objects (no spreads) keep one hidden class each, which JSON.stringify walks fastest.
  const json: Record<string, unknown> = account
    ? { rule, account, severity, status, resource, message, evidence, location, fingerprint, waiver, expiredWaiver }
    : { rule, severity, status, resource, message, evidence, location, fingerprint, waiver, expiredWaiver };
  if (baseline !== undefined) json['baseline'] = baseline;
  return json;
}

function waiverJson(waiver: Waiver): Record<string, unknown> {
  return {
    source: waiver.source,
    until: waiver.until,
    reason: waiver.reason,
    location: waiver.location,
    ...(waiver.owner === undefined ? {} : { owner: waiver.owner }),
    ...(waiver.ticket === undefined ? {} : { ticket: waiver.ticket }),
  };
}

function entryJson(entry: ExceptionEntry): Record<string, unknown> {
  return {
    rule: entry.rule,
    resource: entry.resource,
    owner: entry.owner,
    reason: entry.reason,
    ticket: entry.ticket,
    ...(entry.account === null ? {} : { account: entry.account }),
    expires: entry.expires,
    location: entry.location,
  };
}

function matchJson(match: ExceptionMatch): Record<string, unknown> {
  return { ...entryJson(match.entry), findings: match.findings.map((f) => findingFingerprint(f)) };
}

/** A rule as the findings document lists it: what the evaluation says of it, but its source line, which only an organization's document adds. */
function ruleJson(rule: EvaluationResult['rules'][number]): Omit<EvaluationResult['rules'][number], 'source'> {
  const { source: _source, ...listed } = rule;
  return listed;
}
