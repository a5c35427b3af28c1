/**
 * The findings JSON of an organization run (`guard eval --snapshot dir/ --format json`, usually one
 * `--shard`) read back into what the reporters render: accounts, rules, findings, and what the
 * baseline and exceptions file added. It reads exactly what json.ts writes; anything else is a
 * located usage error, never a guess.
 */
import { span } from '../../diagnostics/index.ts';
import type { AccountRun, BaselineEntry, EmptyScope, EvidenceValue, ExceptionEntry, Finding, FindingStatus, ResolvedFinding, RuleInfo, SourceLocation, Waiver } from '../../engine/index.ts';
import { FINDINGS_FORMAT, RULE_SEVERITIES, type RuleSeverity } from '../../engine/index.ts';
import { DAY_MS, describeJsonProblem, escapeInput, parseJson, readInputFile } from '../../model/index.ts';
import { parseDay } from '../../semantics/index.ts';
import { UsageError } from '../io.ts';

/** An exceptions-file entry as a shard's JSON lists it, with the fingerprints of the findings it matched. */
export interface ShardException {
  readonly entry: ExceptionEntry;
  readonly findings: readonly string[];
}

export interface ShardDocument {
  readonly file: string;
  readonly organizationId: string | null;
  readonly shard: { readonly index: number; readonly count: number } | null;
  readonly now: string;
  readonly rules: readonly RuleInfo[];
  readonly accounts: readonly AccountRun[];
  readonly findings: readonly Finding[];
  /** The `baseline` state of each finding, when the run had one (same order as findings). */
  readonly states: readonly ('new' | 'existing')[] | null;
  readonly resolved: readonly ResolvedFinding[] | null;
  readonly exceptions: { readonly applied: readonly ShardException[]; readonly expired: readonly ShardException[]; readonly stale: readonly ExceptionEntry[] } | null;
}

type Json = Record<string, unknown>;

export async function readShard(path: string, file: string): Promise<ShardDocument> {
  const text = await readInputFile(path, file, { noun: 'findings JSON', unreadable: 'usage/io', notText: 'usage/bad-flag' });
  if (!text.ok) throw new UsageError(text.errors[0].message);
  const parsed = parseJson(text.value);
  if (!parsed.ok) throw new UsageError(`\`${escapeInput(file)}\` is not valid JSON: ${describeJsonProblem(parsed.problems[0])}`);
  const reader = readerFor(file);
  const doc = reader.object(parsed.value, '$');
  if (doc['format'] !== FINDINGS_FORMAT) throw reader.bad('$.format', `\`${FINDINGS_FORMAT}\` (the findings JSON of \`guard eval --format json\`)`);
  if (!isRecord(doc['organization'])) {
    throw new UsageError(`\`${escapeInput(file)}\` is the findings JSON of one snapshot; \`guard merge\` merges organization runs (\`guard eval --snapshot dir/ --format json\`, e.g. with --shard)`);
  }
  const org = doc['organization'];
  const shardText = org['shard'];
  const shard = typeof shardText === 'string' ? /^(\d+)\/(\d+)$/.exec(shardText) : null;
  if (shardText !== undefined && shard === null) throw reader.bad('$.organization.shard', 'i/n');
  const rules = reader.list(doc['rules'], '$.rules').map((r, i) => reader.rule(r, `$.rules[${i}]`));
  const accounts = reader.list(org['accounts'], '$.organization.accounts').map((a, i) => reader.account(a, `$.organization.accounts[${i}]`));
  const items = reader.list(doc['findings'], '$.findings');
  const findings = items.map((f, i) => reader.finding(f, `$.findings[${i}]`));
  const withStates = items.length > 0 && items.every((f) => isRecord(f) && (f['baseline'] === 'new' || f['baseline'] === 'existing'));
  const summary = isRecord(doc['summary']) ? doc['summary'] : {};
  const hadBaseline = withStates || 'resolved' in doc || 'new' in summary;
  const exceptions = isRecord(doc['exceptions']) ? doc['exceptions'] : null;
  return {
    file,
    organizationId: typeof org['id'] === 'string' ? org['id'] : null,
    shard: shard ? { index: Number(shard[1]), count: Number(shard[2]) } : null,
    now: reader.string(doc['now'], '$.now'),
    rules,
    accounts,
    findings,
    states: hadBaseline ? items.map((f) => (isRecord(f) && f['baseline'] === 'existing' ? 'existing' : 'new')) : null,
    resolved: hadBaseline ? reader.list(doc['resolved'] ?? [], '$.resolved').map((r, i) => reader.resolved(r, `$.resolved[${i}]`)) : null,
    exceptions: exceptions
      ? {
          applied: reader.list(exceptions['applied'], '$.exceptions.applied').map((e, i) => reader.match(e, `$.exceptions.applied[${i}]`)),
          expired: reader.list(exceptions['expired'], '$.exceptions.expired').map((e, i) => reader.match(e, `$.exceptions.expired[${i}]`)),
          stale: reader.list(exceptions['stale'], '$.exceptions.stale').map((e, i) => reader.entry(e, `$.exceptions.stale[${i}]`)),
        }
      : null,
  };
}

/** Typed reads of the document, each failure a usage error naming the file and the JSON path. */
function readerFor(file: string) {
  const r = {
    bad(path: string, expected: string): UsageError {
      return new UsageError(`\`${escapeInput(file)}\`: expected ${expected} at ${path}`);
    },
    object(value: unknown, path: string): Json {
      if (!isRecord(value)) throw r.bad(path, 'an object');
      return value;
    },
    list(value: unknown, path: string): readonly unknown[] {
      if (!Array.isArray(value)) throw r.bad(path, 'a list');
      return value;
    },
    string(value: unknown, path: string): string {
      if (typeof value !== 'string') throw r.bad(path, 'a string');
      return value;
    },
    nullableString(value: unknown, path: string): string | null {
      if (value !== null && typeof value !== 'string') throw r.bad(path, 'a string or null');
      return value;
    },
    number(value: unknown, path: string): number {
      if (typeof value !== 'number') throw r.bad(path, 'a number');
      return value;
    },
    location(value: unknown, path: string): SourceLocation {
      const o = r.object(value, path);
      return { file: r.string(o['file'], `${path}.file`), line: r.number(o['line'], `${path}.line`), column: r.number(o['column'], `${path}.column`) };
    },
    severity(value: unknown, path: string): RuleSeverity {
      const found = RULE_SEVERITIES.find((s) => s === value);
      if (found === undefined) throw r.bad(path, `a severity (${RULE_SEVERITIES.join(', ')})`);
      return found;
    },
    rule(value: unknown, path: string): RuleInfo {
      const o = r.object(value, path);
      return {
        id: r.string(o['id'], `${path}.id`),
        title: r.string(o['title'], `${path}.title`),
        severity: r.severity(o['severity'], `${path}.severity`),
        rationale: r.nullableString(o['rationale'], `${path}.rationale`),
        remediation: r.nullableString(o['remediation'], `${path}.remediation`),
        references: r.list(o['references'], `${path}.references`).map((ref, i) => r.string(ref, `${path}.references[${i}]`)),
        location: r.location(o['location'], `${path}.location`),
        source: r.string(o['source'], `${path}.source`),
        ...(o['off'] === undefined ? {} : { off: r.string(o['off'], `${path}.off`) }),
      };
    },
    account(value: unknown, path: string): AccountRun {
      const o = r.object(value, path);
      const status = o['status'];
      if (status !== 'evaluated' && status !== 'failed') throw r.bad(`${path}.status`, '`evaluated` or `failed`');
      const summary = r.object(o['summary'], `${path}.summary`);
      return {
        id: r.nullableString(o['id'], `${path}.id`),
        name: r.nullableString(o['name'], `${path}.name`),
        file: r.nullableString(o['file'], `${path}.file`),
        status,
        capturedAt: r.nullableString(o['capturedAt'], `${path}.capturedAt`),
        now: r.nullableString(o['now'], `${path}.now`),
        pass: r.number(summary['pass'], `${path}.summary.pass`),
        missingSections: r.list(o['missingSections'], `${path}.missingSections`).map((s, i) => r.string(s, `${path}.missingSections[${i}]`)),
        error: r.nullableString(o['error'], `${path}.error`),
        ...(o['emptyScopes'] === undefined ? {} : { emptyScopes: r.list(o['emptyScopes'], `${path}.emptyScopes`).map((e, i) => r.emptyScope(e, `${path}.emptyScopes[${i}]`)) }),
      };
    },
    emptyScope(value: unknown, path: string): EmptyScope {
      const o = r.object(value, path);
      const reason = o['reason'];
      if (reason !== 'no-entities' && reason !== 'filter') throw r.bad(`${path}.reason`, '`no-entities` or `filter`');
      return { rule: r.string(o['rule'], `${path}.rule`), reason };
    },
    waiver(value: unknown, path: string): Waiver | null {
      if (value === null) return null;
      const o = r.object(value, path);
      const source = o['source'];
      if (source !== 'rule' && source !== 'exceptions-file') throw r.bad(`${path}.source`, '`rule` or `exceptions-file`');
      return {
        source,
        until: r.nullableString(o['until'], `${path}.until`),
        reason: r.nullableString(o['reason'], `${path}.reason`),
        location: o['location'] === null ? null : r.location(o['location'], `${path}.location`),
        ...(o['owner'] === undefined ? {} : { owner: r.string(o['owner'], `${path}.owner`) }),
        ...(o['ticket'] === undefined ? {} : { ticket: r.string(o['ticket'], `${path}.ticket`) }),
      };
    },
    status(value: unknown, path: string): FindingStatus {
      if (value !== 'fail' && value !== 'unknown' && value !== 'waived') throw r.bad(path, '`fail`, `unknown` or `waived`');
      return value;
    },
    finding(value: unknown, path: string): Finding {
      const o = r.object(value, path);
      const account = r.object(o['account'], `${path}.account`);
      const resource = r.object(o['resource'], `${path}.resource`);
      return {
        rule: r.string(o['rule'], `${path}.rule`),
        account: { id: r.string(account['id'], `${path}.account.id`), name: r.nullableString(account['name'], `${path}.account.name`) },
        severity: r.severity(o['severity'], `${path}.severity`),
        status: r.status(o['status'], `${path}.status`),
        resource: {
          // The entity type is the model's; a shard written by this guard holds only those.
          type: r.string(resource['type'], `${path}.resource.type`) as Finding['resource']['type'],
          name: r.string(resource['name'], `${path}.resource.name`),
          arn: r.nullableString(resource['arn'], `${path}.resource.arn`),
          key: r.string(resource['key'], `${path}.resource.key`),
        },
        message: r.string(o['message'], `${path}.message`),
        evidence: r.object(o['evidence'], `${path}.evidence`) as Readonly<Record<string, EvidenceValue>>,
        location: r.location(o['location'], `${path}.location`),
        waiver: r.waiver(o['waiver'], `${path}.waiver`),
        expiredWaiver: r.waiver(o['expiredWaiver'], `${path}.expiredWaiver`),
      };
    },
    resolved(value: unknown, path: string): ResolvedFinding {
      const o = r.object(value, path);
      const resource = r.object(o['resource'], `${path}.resource`);
      const reason = o['reason'];
      if (reason !== 'fixed' && reason !== 'rule-not-run') throw r.bad(`${path}.reason`, '`fixed` or `rule-not-run`');
      const entry: BaselineEntry = {
        fingerprint: r.string(o['fingerprint'], `${path}.fingerprint`),
        rule: r.string(o['rule'], `${path}.rule`),
        severity: r.string(o['severity'], `${path}.severity`),
        status: r.status(o['status'], `${path}.status`),
        resource: { type: r.string(resource['type'], `${path}.resource.type`), name: r.string(resource['name'], `${path}.resource.name`), arn: r.nullableString(resource['arn'] ?? null, `${path}.resource.arn`) },
        message: r.string(o['message'], `${path}.message`),
        account: o['account'] === undefined ? null : r.string(o['account'], `${path}.account`),
      };
      return { entry, reason };
    },
    entry(value: unknown, path: string): ExceptionEntry {
      const o = r.object(value, path);
      const expires = r.string(o['expires'], `${path}.expires`);
      const day = parseDay(expires);
      if (day === null) throw r.bad(`${path}.expires`, 'a date YYYY-MM-DD');
      const location = r.location(o['location'], `${path}.location`);
      return {
        rule: r.string(o['rule'], `${path}.rule`),
        resource: r.string(o['resource'], `${path}.resource`),
        owner: r.string(o['owner'], `${path}.owner`),
        reason: r.string(o['reason'], `${path}.reason`),
        ticket: r.nullableString(o['ticket'], `${path}.ticket`),
        account: o['account'] === undefined ? null : r.string(o['account'], `${path}.account`),
        expires,
        expiresAt: day + DAY_MS,
        location,
        // Only the location is known here; diagnostics about entries come from the shards' own runs.
        span: span(location.file, 0, 0),
      };
    },
    match(value: unknown, path: string): ShardException {
      const o = r.object(value, path);
      return { entry: r.entry(o, path), findings: r.list(o['findings'], `${path}.findings`).map((f, i) => r.string(f, `${path}.findings[${i}]`)) };
    },
  };
  return r;
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
