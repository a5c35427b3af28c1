import type { EvaluationResult, EvidenceValue, ExceptionEntry, ExceptionMatch, Finding, Waiver } from '../engine/index.ts';
import { baselineState, FINDINGS_FORMAT, findingFingerprint } from '../engine/index.ts';
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
  for (const finding of result.findings) yield findings.part(finding);
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
  for (const finding of result.findings) yield findings.part(finding);
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

/**
 * The findings list's elements, one part per finding, then its close. `rendered` takes findings
 * already rendered by `findingsText` (a worker thread's account), so the bytes are the same.
 */
export function findingsWriter(baseline: GateInputs['baseline']): { part: (finding: Finding) => string; rendered: (text: string) => string; close: () => string } {
  const cache: FindingCache = { location: null, locationText: '', rule: '', ruleText: '' };
  let first = true;
  const separated = (text: string): string => {
    const out = `${first ? '\n' : ',\n'}${text}`;
    first = false;
    return out;
  };
  return {
    part: (finding) => separated(findingText(finding, baseline ? baselineState(baseline, finding) : undefined, cache)),
    rendered: (text) => (text === '' ? '' : separated(text)),
    close: () => (first ? ']' : '\n  ]'),
  };
}

/** Findings (no baseline) as consecutive elements of the findings list, without the separator before the first. */
export function findingsText(findings: readonly Finding[]): string {
  const cache: FindingCache = { location: null, locationText: '', rule: '', ruleText: '' };
  return findings.map((f) => findingText(f, undefined, cache)).join(',\n');
}

/** What consecutive findings of one rule share, stringified once. */
interface FindingCache {
  location: object | null;
  locationText: string;
  rule: string;
  ruleText: string;
}

const ITEM = '    ';
const FIELD = '      ';

/** One finding as an element of the findings array (4 spaces in), exactly as JSON.stringify(document, null, 2) writes it. */
function findingText(finding: Finding, baseline: string | undefined, cache: FindingCache): string {
  if (cache.rule !== finding.rule) {
    cache.rule = finding.rule;
    cache.ruleText = JSON.stringify(finding.rule);
  }
  if (cache.location !== finding.location) {
    cache.location = finding.location;
    cache.locationText = nested(finding.location, FIELD);
  }
  const r = finding.resource;
  let text = `${ITEM}{\n${FIELD}"rule": ${cache.ruleText},\n`;
  if (finding.account) text += `${FIELD}"account": ${nested(finding.account, FIELD)},\n`;
  // Severities and statuses are words of a fixed set (checked where findings are read back), fingerprints hex: nothing to escape.
  text += `${FIELD}"severity": "${finding.severity}",\n${FIELD}"status": "${finding.status}",\n`;
  text += `${FIELD}"resource": {\n${FIELD}  "type": ${JSON.stringify(r.type)},\n${FIELD}  "name": ${JSON.stringify(r.name)},\n${FIELD}  "arn": ${JSON.stringify(r.arn)},\n${FIELD}  "key": ${JSON.stringify(r.key)}\n${FIELD}},\n`;
  text += `${FIELD}"message": ${JSON.stringify(finding.message)},\n${FIELD}"evidence": ${evidenceText(finding.evidence)},\n${FIELD}"location": ${cache.locationText},\n`;
  text += `${FIELD}"fingerprint": "${findingFingerprint(finding)}",\n`;
  text += `${FIELD}"waiver": ${finding.waiver ? nested(waiverJson(finding.waiver), FIELD) : 'null'},\n${FIELD}"expiredWaiver": ${finding.expiredWaiver ? nested(waiverJson(finding.expiredWaiver), FIELD) : 'null'}`;
  if (baseline !== undefined) text += `,\n${FIELD}"baseline": ${JSON.stringify(baseline)}`;
  return `${text}\n${ITEM}}`;
}

/**
 * A finding's evidence as `nested(evidence, FIELD)` writes it, without JSON.stringify's indenting
 * pass and the line-break replacement after it: every finding has evidence, and stringifying it
 * was a fifth of the report's time. Values are JSON scalars and lists of them (EvidenceValue);
 * anything else (a nested object, undefined) falls back to `nested`, so the bytes stay the same.
 */
function evidenceText(evidence: Readonly<Record<string, EvidenceValue>>): string {
  let text = '';
  for (const key in evidence) {
    const value = valueText(evidence[key], `${FIELD}  `);
    if (value === null) return nested(evidence, FIELD);
    text += `${text === '' ? '{\n' : ',\n'}${FIELD}  ${JSON.stringify(key)}: ${value}`;
  }
  return text === '' ? '{}' : `${text}\n${FIELD}}`;
}

/** A scalar or a list of them at `indent`, as JSON.stringify(…, null, 2) writes it there; null for anything else. */
function valueText(value: EvidenceValue | undefined, indent: string): string | null {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'number':
      return JSON.stringify(value);
    case 'object': {
      if (!Array.isArray(value)) return null;
      const items = value as readonly EvidenceValue[];
      if (items.length === 0) return '[]';
      const inner = `${indent}  `;
      let text = '[';
      for (let i = 0; i < items.length; i++) {
        const item = valueText(items[i], inner);
        if (item === null) return null;
        text += `${i === 0 ? '\n' : ',\n'}${inner}${item}`;
      }
      return `${text}\n${indent}]`;
    }
    default:
      return null;
  }
}

/** A value written at `indent`, as JSON.stringify with a gap of 2 writes it there (JSON strings hold no raw line breaks). */
function nested(value: unknown, indent: string): string {
  return (JSON.stringify(value, null, 2) ?? 'null').replaceAll('\n', `\n${indent}`);
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
