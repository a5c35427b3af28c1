import { createRequire } from 'node:module';
import type { Node as YamlNode } from 'yaml';
import { type Diagnostic, type DiagnosticCode, error, failure, isNonEmpty, lineColumnAt, type Outcome, type Span, sortDiagnostics, span, success, warning } from '../diagnostics/index.ts';
import { DAY_MS, escapeInput, type InputKind, readInputFile } from '../model/index.ts';
import { closest, parseDay } from '../semantics/index.ts';
import type { EvaluationResult, Finding, SourceLocation, Waiver } from './finding.ts';

/**
 * Exceptions kept outside rule files, for reviewers: who accepted which finding, why, and until
 * when. YAML or JSON (JSON is read by the YAML parser, which gives both the same line:col
 * positions in diagnostics).
 *
 *     exceptions:
 *       - rule: stale-keys            # rule id or glob
 *         resource: legacy-ci         # name, ARN, resource key or glob
 *         owner: platform-team
 *         reason: moving to OIDC
 *         ticket: SEC-123             # optional
 *         expires: 2027-03-01         # required; waives until the end of that day, UTC
 *         account: prod-payments      # optional: account id or name (or glob); organization runs
 */

const BAD: DiagnosticCode = 'check/bad-exception';
const UNREADABLE: DiagnosticCode = 'usage/io';
const ENTRY_KEYS = ['rule', 'resource', 'owner', 'reason', 'ticket', 'expires', 'account'] as const;
type EntryKey = (typeof ENTRY_KEYS)[number];
const REQUIRED: readonly EntryKey[] = ['rule', 'resource', 'owner', 'reason', 'expires'];
/** Names people reach for, mapped to the key we use. */
const ALIASES: Readonly<Record<string, EntryKey>> = {
  expiry: 'expires',
  expires_at: 'expires',
  until: 'expires',
  because: 'reason',
  justification: 'reason',
  id: 'rule',
  resources: 'resource',
  issue: 'ticket',
  accounts: 'account',
  account_id: 'account',
};

export interface ExceptionEntry {
  /** Rule id or glob (`*`, `?`), matched case-insensitively. */
  readonly rule: string;
  /** Resource name (case-insensitive), ARN or resource key (exact), or a glob of them. */
  readonly resource: string;
  readonly owner: string;
  readonly reason: string;
  readonly ticket: string | null;
  /** Account id (exact) or name (case-insensitive), or a glob of them; null: every account. */
  readonly account: string | null;
  /** As written: `YYYY-MM-DD`. */
  readonly expires: string;
  /** Epoch ms of the end of the `expires` day, UTC (exclusive): the entry waives while now < expiresAt. */
  readonly expiresAt: number;
  readonly location: SourceLocation;
  readonly span: Span;
}

export interface ExceptionsFile {
  readonly file: string;
  readonly entries: readonly ExceptionEntry[];
}

/** An exceptions entry with the findings it matched. */
export interface ExceptionMatch {
  readonly entry: ExceptionEntry;
  readonly findings: readonly Finding[];
}

export interface ExceptionsOutcome {
  /** The result with matched fail/unknown findings waived and the summary recounted. */
  readonly result: EvaluationResult;
  /** Active entries that waive at least one finding. */
  readonly applied: readonly ExceptionMatch[];
  /** Entries past their expiry, with the findings they no longer waive (possibly none). */
  readonly expired: readonly ExceptionMatch[];
  /** Active entries in use that expire within `withinMs` of the evaluation time. */
  readonly expiring: (withinMs: number) => readonly ExceptionMatch[];
  /** Active entries that match no finding: fixed, renamed or mistyped; remove them. */
  readonly stale: readonly ExceptionEntry[];
  /** For each stale entry, what to do: it names a rule or an account this run does not have (with the nearest), or the finding is gone. */
  readonly staleHint: (entry: ExceptionEntry) => string;
}

type Yaml = typeof import('yaml');
let yamlModule: Yaml | undefined;

/** The YAML parser, loaded on the first exceptions file: `guard eval` without `--exceptions` never needs it (it is ~100 modules' worth of start-up). */
function yaml(): Yaml {
  yamlModule ??= createRequire(import.meta.url)('yaml') as Yaml;
  return yamlModule;
}

const EXCEPTIONS_FILE: InputKind = { noun: 'exceptions file', unreadable: UNREADABLE, notText: BAD };

/** Loads an exceptions file; `text` is returned for rendering diagnostics with the source line. */
export async function loadExceptionsFile(path: string, file: string = path): Promise<{ readonly text: string | null; readonly outcome: Outcome<ExceptionsFile> }> {
  const read = await readInputFile(path, file, EXCEPTIONS_FILE);
  if (!read.ok) return { text: null, outcome: read };
  const text = read.value;
  return { text, outcome: parseExceptionsFile(text, file) };
}

/** Parses and validates an exceptions file, reporting every problem with its position. */
export function parseExceptionsFile(text: string, file: string): Outcome<ExceptionsFile> {
  const { isMap, isScalar, isSeq, parseDocument } = yaml();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const problems: Diagnostic[] = [];
  const at = (node: YamlNode | null | undefined, fallback: number): Span => {
    const range = node?.range;
    return range ? span(file, range[0], Math.max(range[0], range[1])) : span(file, fallback, fallback);
  };
  for (const e of doc.errors) {
    problems.push(error(BAD, `invalid YAML: ${escapeInput(yamlMessage(e.message))}`, span(file, e.pos[0], Math.max(e.pos[0], e.pos[1]))));
  }
  if (isNonEmpty(problems)) return failure(problems);

  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return success({ file, entries: [] });
  let list: YamlNode | null = null;
  if (isSeq(root)) list = root;
  else if (isMap(root)) {
    for (const pair of root.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const keyNode = isScalar(pair.key) ? pair.key : null;
      if (key === 'exceptions') list = isNode(pair.value) ? pair.value : null;
      else if (key !== 'version') {
        problems.push(error(BAD, `unknown key \`${escapeInput(key)}\` at the top of the exceptions file`, at(keyNode, 0), { hint: 'the file holds an `exceptions:` list' }));
      }
    }
    if (list === null && problems.length === 0) {
      return success({ file, entries: [] });
    }
  } else {
    problems.push(error(BAD, 'expected an `exceptions:` list of entries', at(root, 0), { hint: 'start the file with `exceptions:` and list entries below it with `- rule: ...`' }));
  }
  const entries: ExceptionEntry[] = [];
  if (list !== null && !isSeq(list)) {
    if (!(isScalar(list) && list.value === null)) problems.push(error(BAD, 'expected `exceptions` to be a list of entries', at(list, 0), { hint: 'write each entry as `- rule: ...`' }));
  } else if (list !== null && isSeq(list)) {
    for (const item of list.items) {
      const entry = readEntry(item, text, file, at, problems);
      if (entry) entries.push(entry);
    }
  }
  const seen = new Map<string, ExceptionEntry>();
  const warnings: Diagnostic[] = [];
  for (const entry of entries) {
    const id = `${entry.rule.toLowerCase()}\u0000${entry.resource}\u0000${entry.account ?? ''}`;
    const first = seen.get(id);
    if (first) {
      warnings.push(
        warning(BAD, `duplicate exception for rule \`${escapeInput(entry.rule)}\` and resource \`${escapeInput(entry.resource)}\``, entry.span, { hint: `the first is at line ${first.location.line}; keep one` }),
      );
    } else seen.set(id, entry);
  }
  const sorted = sortDiagnostics(problems);
  if (isNonEmpty(sorted)) return failure(sorted, warnings);
  return success({ file, entries }, warnings);
}

function readEntry(item: unknown, text: string, file: string, at: (node: YamlNode | null | undefined, fallback: number) => Span, problems: Diagnostic[]): ExceptionEntry | null {
  const { isMap, isScalar } = yaml();
  if (!isMap(item)) {
    problems.push(error(BAD, 'expected an exception entry with `rule`, `resource`, `owner`, `reason` and `expires`', at(isNode(item) ? item : null, 0)));
    return null;
  }
  const where = at(item, 0);
  const values = new Map<EntryKey, string>();
  let expiresNode: YamlNode | null = null;
  let ok = true;
  for (const pair of item.items) {
    const keyNode = isScalar(pair.key) ? pair.key : null;
    const key = keyNode ? String(keyNode.value) : '';
    const known = ENTRY_KEYS.find((k) => k === key);
    if (!known) {
      const suggestion = ALIASES[key.toLowerCase()] ?? closest(key, ENTRY_KEYS);
      problems.push(error(BAD, `unknown key \`${escapeInput(key)}\` in exception entry`, at(keyNode, where.start), suggestion ? { hint: `did you mean \`${suggestion}\`?` } : { hint: `use ${ENTRY_KEYS.join(', ')}` }));
      ok = false;
      continue;
    }
    const value = pair.value;
    const valueSpan = at(isNode(value) ? value : keyNode, where.start);
    // A ticket such as `1234` parses as a number; it is still a ticket. An account id is a number to YAML too, and
    // one with a leading zero loses it, so the account is read as written.
    const numeric = isScalar(value) && typeof value.value === 'number' && (known === 'ticket' || known === 'account');
    const scalar = isScalar(value) && (typeof value.value === 'string' || numeric) ? (known === 'account' && numeric ? text.slice(valueSpan.start, valueSpan.end) : String(value.value)).trim() : null;
    if (scalar === null || scalar === '') {
      problems.push(error(BAD, `expected \`${known}\` to be ${known === 'expires' ? 'a date such as 2027-03-01' : 'non-empty text'}`, valueSpan, known === 'expires' ? { hint: 'write the date as YYYY-MM-DD' } : {}));
      ok = false;
      continue;
    }
    if (known === 'expires') expiresNode = isNode(value) ? value : null;
    values.set(known, scalar);
  }
  for (const key of REQUIRED) {
    if (!values.has(key) && !item.items.some((p) => isScalar(p.key) && String(p.key.value) === key)) {
      const hint = key === 'expires' ? 'every exception needs an expiry date (YYYY-MM-DD) so it gets reviewed' : key === 'owner' ? 'name the person or team who answers for it' : undefined;
      problems.push(error(BAD, `exception entry has no \`${key}\``, span(file, where.start, where.start + firstLineLength(text, where.start)), hint ? { hint } : {}));
      ok = false;
    }
  }
  const expires = values.get('expires');
  let expiresAt = 0;
  if (expires !== undefined) {
    const day = parseDay(expires);
    if (day === null) {
      problems.push(error(BAD, `\`${escapeInput(expires)}\` is not a calendar date`, at(expiresNode, where.start), { hint: 'write the date as YYYY-MM-DD, e.g. 2027-03-01' }));
      ok = false;
    } else expiresAt = day + DAY_MS;
  }
  if (!ok || expires === undefined) return null;
  const position = lineColumnAt(text, where.start);
  return {
    rule: values.get('rule') ?? '',
    resource: values.get('resource') ?? '',
    owner: values.get('owner') ?? '',
    reason: values.get('reason') ?? '',
    ticket: values.get('ticket') ?? null,
    account: values.get('account') ?? null,
    expires,
    expiresAt,
    location: { file, line: position.line, column: position.column },
    span: where,
  };
}

/**
 * Applies exceptions to a result at evaluation time `now` (epoch ms). Matching fail and unknown
 * findings become `waived` by the first active entry; findings matched only by expired entries
 * keep their status and carry the lapsed entry as `expiredWaiver`. Findings already waived in
 * their rule file are left alone (but count as matched, so the entry is not stale).
 */
export function applyExceptionsFile(result: EvaluationResult, entries: readonly ExceptionEntry[], now: number): ExceptionsOutcome {
  const matchers = entries.map((entry) => ({
    entry,
    rule: compileGlob(entry.rule, true),
    resource: compileResourceMatcher(entry.resource),
    account: entry.account === null ? null : compileAccountMatcher(entry.account, result.snapshot.account),
    active: now < entry.expiresAt,
  }));
  const matched = new Map<ExceptionEntry, Finding[]>(entries.map((e) => [e, []]));
  const findings = result.findings.map((finding): Finding => {
    let active: ExceptionEntry | null = null;
    let lapsed: ExceptionEntry | null = null;
    for (const m of matchers) {
      if (!m.rule(finding.rule) || !m.resource(finding) || (m.account !== null && !m.account(finding))) continue;
      matched.get(m.entry)?.push(finding);
      if (m.active) active ??= m.entry;
      else lapsed ??= m.entry;
    }
    if (finding.status === 'waived') return finding;
    if (active) return { ...finding, status: 'waived', waiver: waiverOf(active), expiredWaiver: null };
    if (lapsed && finding.expiredWaiver === null) return { ...finding, expiredWaiver: waiverOf(lapsed) };
    return finding;
  });
  const summary = {
    ...result.summary,
    fail: findings.filter((f) => f.status === 'fail').length,
    unknown: findings.filter((f) => f.status === 'unknown').length,
    waived: findings.filter((f) => f.status === 'waived').length,
  };
  const withMatches = entries.map((entry): ExceptionMatch => ({ entry, findings: matched.get(entry) ?? [] }));
  const applied = withMatches.filter((m) => now < m.entry.expiresAt && m.findings.length > 0);
  return {
    result: { ...result, summary, findings },
    applied,
    expired: withMatches.filter((m) => now >= m.entry.expiresAt),
    expiring: (withinMs) => applied.filter((m) => m.entry.expiresAt - now <= withinMs),
    stale: withMatches.filter((m) => now < m.entry.expiresAt && m.findings.length === 0).map((m) => m.entry),
    staleHint: (entry) => staleExceptionHint(entry, result),
  };
}

/**
 * Why an entry matched nothing, when its rule or account names nothing in this run (a typo, a
 * renamed rule, an account left out); otherwise the finding it waived is gone.
 */
export function staleExceptionHint(entry: ExceptionEntry, result: EvaluationResult): string {
  const ids = result.rules.map((r) => r.id);
  const rule = compileGlob(entry.rule, true);
  if (!ids.some(rule)) {
    const near = closest(entry.rule, ids);
    return `no rule of this run has the id \`${escapeInput(entry.rule)}\`${near === null ? '' : `: did you mean \`${near}\`?`} (or the rule was left out with --rule or --skip); correct or remove the entry`;
  }
  if (entry.account !== null) {
    const accounts = result.organization?.accounts ?? [{ id: result.snapshot.account, name: null }];
    const byId = compileGlob(entry.account, false);
    const byName = compileGlob(entry.account, true);
    if (!accounts.some((a) => (a.id !== null && byId(a.id)) || (result.organization !== undefined && a.name !== null && byName(a.name)))) {
      const near = closest(
        entry.account,
        accounts.flatMap((a) => [a.id, a.name].filter((x): x is string => x !== null)),
      );
      return `no account of this run is \`${escapeInput(entry.account)}\` (by id or name)${near === null ? '' : `: did you mean \`${near}\`?`}; correct or remove the entry`;
    }
  }
  return 'the finding is fixed or the resource is mistyped; remove the entry';
}

/**
 * Warnings for the log, pointing at the entries: expired, stale, and (given a window) expiring
 * soon. The CLI decides which of them fail the run.
 */
export function exceptionsDiagnostics(outcome: ExceptionsOutcome, now: number, expiringWithinMs?: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { entry, findings } of outcome.expired) {
    const what = findings.length ? `; ${findings.length} finding${findings.length === 1 ? '' : 's'} no longer waived` : '';
    out.push(
      warning(BAD, `exception for rule \`${escapeInput(entry.rule)}\` on \`${escapeInput(entry.resource)}\` expired on ${entry.expires}${what}`, entry.span, {
        hint: `fix the finding, or renew the entry after review (owner: ${escapeInput(entry.owner)})`,
      }),
    );
  }
  if (expiringWithinMs !== undefined) {
    for (const { entry } of outcome.expiring(expiringWithinMs)) {
      const days = Math.max(0, Math.ceil((entry.expiresAt - now) / DAY_MS));
      out.push(
        warning(BAD, `exception for rule \`${escapeInput(entry.rule)}\` on \`${escapeInput(entry.resource)}\` expires on ${entry.expires} (in ${days} day${days === 1 ? '' : 's'})`, entry.span, {
          hint: `review it with ${escapeInput(entry.owner)}`,
        }),
      );
    }
  }
  for (const entry of outcome.stale) {
    out.push(warning(BAD, `exception for rule \`${escapeInput(entry.rule)}\` on \`${escapeInput(entry.resource)}\` matches no finding`, entry.span, { hint: outcome.staleHint(entry) }));
  }
  return out;
}

/** `--fail-on-expiring` windows: `14d`, `2w`, `36h` or `0`, in ms; null when it is not one. */
export function parseExpiryWindow(text: string): number | null {
  const match = /^\s*(\d{1,5})\s*([hdw]?)\s*$/.exec(text);
  if (!match) return null;
  const amount = Number(match[1]);
  const unit = match[2] ?? '';
  if (unit === '') return amount === 0 ? 0 : null;
  return amount * (unit === 'h' ? 3_600_000 : unit === 'd' ? DAY_MS : 7 * DAY_MS);
}

function waiverOf(entry: ExceptionEntry): Waiver {
  return {
    source: 'exceptions-file',
    until: entry.expires,
    reason: entry.reason,
    location: entry.location,
    owner: entry.owner,
    ...(entry.ticket === null ? {} : { ticket: entry.ticket }),
  };
}

/** Resource names compare case-insensitively (IAM names are unique regardless of case); ARNs and keys exactly. */
function compileResourceMatcher(pattern: string): (finding: Finding) => boolean {
  const byName = compileGlob(pattern, true);
  const exact = compileGlob(pattern, false);
  return (finding) => byName(finding.resource.name) || (finding.resource.arn !== null && exact(finding.resource.arn)) || exact(finding.resource.key);
}

/**
 * An entry's `account`: the finding's account id exactly or its name case-insensitively (globs
 * allowed). A single snapshot's findings carry no account; there the snapshot's account id is theirs.
 */
function compileAccountMatcher(pattern: string, snapshotAccount: string): (finding: Finding) => boolean {
  const byName = compileGlob(pattern, true);
  const exact = compileGlob(pattern, false);
  return (finding) => {
    const account = finding.account;
    if (account === undefined) return exact(snapshotAccount);
    return exact(account.id) || (account.name !== null && byName(account.name));
  };
}

/** `*` any run of characters, `?` one character, everything else literal. */
function compileGlob(pattern: string, caseInsensitive: boolean): (text: string) => boolean {
  if (pattern === '*') return () => true;
  if (!/[*?]/.test(pattern)) {
    const target = caseInsensitive ? pattern.toLowerCase() : pattern;
    return caseInsensitive ? (text) => text.toLowerCase() === target : (text) => text === target;
  }
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[\\s\\S]*')
    .replace(/\?/g, '[\\s\\S]');
  const regex = new RegExp(`^${source}$`, caseInsensitive ? 'i' : '');
  return (text) => regex.test(text);
}

function isNode(value: unknown): value is YamlNode {
  const { isMap, isScalar, isSeq } = yaml();
  return isMap(value) || isSeq(value) || isScalar(value);
}

function firstLineLength(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return (end === -1 ? text.length : end) - offset;
}

/** The YAML library's message, trimmed to one line in our style (position is in the span). */
function yamlMessage(message: string): string {
  const line = (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
  return line.charAt(0).toLowerCase() + line.slice(1);
}
