/**
 * `guard merge`: the JSON reports of an organization's shards joined into the result one unsharded
 * run gives. Accounts are put back in account order and the result is built by the same function
 * an unsharded run uses (`organizationResult`), so the merged JSON is that run's, byte for byte.
 */
import type { BaselineComparison, BaselineState, EvaluationResult, ExceptionEntry, ExceptionMatch, ExceptionsOutcome, Finding, ResolvedFinding } from '../../engine/index.ts';
import { findingFingerprint, staleExceptionHint } from '../../engine/index.ts';
import type { GateInputs } from '../../report/index.ts';
import { UsageError } from '../io.ts';
import { compare } from './inputs.ts';
import type { ShardDocument, ShardException } from './read-shard.ts';
import { accountOrder, organizationResult } from './run.ts';

export interface Merged {
  readonly result: EvaluationResult;
  readonly gate: GateInputs;
  /** Shares missing from a complete `i/n` set, said on stderr: the merge covers fewer accounts than the organization. */
  readonly missingShards: readonly string[];
}

export function mergeShards(docs: readonly ShardDocument[]): Merged {
  const [first] = docs;
  if (first === undefined) throw new UsageError('guard merge needs at least one findings JSON file');
  const rulesText = JSON.stringify(first.rules);
  for (const doc of docs) {
    if (JSON.stringify(doc.rules) !== rulesText) throw new UsageError(`\`${doc.file}\` and \`${first.file}\` evaluated different rules (or params); merge shards of one run`);
  }
  const owner = new Map<string, string>();
  for (const doc of docs) {
    for (const account of doc.accounts) {
      if (account.id === null) continue;
      const earlier = owner.get(account.id);
      if (earlier !== undefined) throw new UsageError(`account ${account.id} is in both \`${earlier}\` and \`${doc.file}\`; merge each shard once`);
      owner.set(account.id, doc.file);
    }
  }
  const accounts = docs.flatMap((d) => d.accounts).sort(accountOrder);
  const byAccount = new Map<string, Finding[]>();
  for (const doc of docs) {
    for (const finding of doc.findings) {
      const id = finding.account?.id ?? '';
      const list = byAccount.get(id);
      if (list) list.push(finding);
      else byAccount.set(id, [finding]);
    }
  }
  const evaluatedAny = accounts.some((a) => a.status === 'evaluated');
  const result = organizationResult(
    { id: docs.find((d) => d.organizationId !== null)?.organizationId ?? null, accounts, shard: null },
    first.rules,
    accounts.map((a) => (a.status === 'evaluated' && a.id !== null ? (byAccount.get(a.id) ?? []) : [])),
    evaluatedAny ? undefined : Date.parse(first.now),
  );
  const index = new Map(result.findings.map((f, i) => [findingFingerprint(f), i] as const));
  const baseline = mergeBaselines(docs, result);
  const exceptions = mergeExceptions(docs, result, index);
  return { result, gate: { ...(baseline ? { baseline } : {}), ...(exceptions ? { exceptions } : {}) }, missingShards: missingShards(docs) };
}

function missingShards(docs: readonly ShardDocument[]): string[] {
  const counts = new Set(docs.map((d) => d.shard?.count ?? 0));
  if (counts.size !== 1) throw new UsageError('the files are shards of different splits (or some are not shards); merge the shards of one `--shard i/n` run');
  const count = docs[0]?.shard?.count ?? 0;
  const have = new Set(docs.map((d) => d.shard?.index ?? 0));
  if (have.size !== docs.length) throw new UsageError('a shard is given twice; merge each shard once');
  const missing: string[] = [];
  for (let i = 1; i <= count; i++) if (!have.has(i)) missing.push(`${i}/${count}`);
  return missing;
}

function mergeBaselines(docs: readonly ShardDocument[], result: EvaluationResult): BaselineComparison | undefined {
  const withBaseline = docs.filter((d) => d.states !== null);
  if (withBaseline.length === 0) return undefined;
  if (withBaseline.length !== docs.length) throw new UsageError('some shards were run with --baseline and some without; run every shard alike');
  const states = new Map<string, BaselineState>();
  for (const doc of docs) {
    doc.findings.forEach((f, i) => {
      states.set(findingFingerprint(f), doc.states?.[i] ?? 'new');
    });
  }
  let fresh = 0;
  let existing = 0;
  for (const finding of result.findings) {
    if (finding.status === 'waived') continue;
    if (states.get(findingFingerprint(finding)) === 'existing') existing++;
    else fresh++;
  }
  // Each account's resolved entries come from its one shard, in the baseline's order; accounts in id order, as compareWithBaseline lists them.
  const resolved: ResolvedFinding[] = docs.flatMap((d) => d.resolved ?? []).sort((a, b) => compare(a.entry.account ?? '', b.entry.account ?? ''));
  return { file: 'the shards’ baseline', states, counts: { new: fresh, existing, resolved: resolved.length }, resolved, warnings: [] };
}

const entryKey = (entry: ExceptionEntry): string => `${entry.location.file}\u0000${entry.location.line}\u0000${entry.location.column}`;
const byLocation = (a: ExceptionEntry, b: ExceptionEntry): number => compare(a.location.file, b.location.file) || a.location.line - b.location.line || a.location.column - b.location.column;

function mergeExceptions(docs: readonly ShardDocument[], result: EvaluationResult, index: ReadonlyMap<string, number>): ExceptionsOutcome | undefined {
  const withExceptions = docs.filter((d) => d.exceptions !== null);
  if (withExceptions.length === 0) return undefined;
  if (withExceptions.length !== docs.length) throw new UsageError('some shards were run with --exceptions and some without; run every shard alike');
  const union = (pick: (d: ShardDocument) => readonly ShardException[]): ExceptionMatch[] => {
    const merged = new Map<string, { entry: ExceptionEntry; findings: Set<string> }>();
    for (const doc of docs) {
      for (const { entry, findings } of pick(doc)) {
        const key = entryKey(entry);
        const row = merged.get(key) ?? { entry, findings: new Set<string>() };
        for (const f of findings) row.findings.add(f);
        merged.set(key, row);
      }
    }
    return [...merged.values()]
      .sort((a, b) => byLocation(a.entry, b.entry))
      .map(({ entry, findings }) => ({
        entry,
        findings: [...findings]
          .map((f) => index.get(f))
          .filter((i): i is number => i !== undefined)
          .sort((a, b) => a - b)
          .map((i) => result.findings[i] as Finding),
      }));
  };
  const applied = union((d) => d.exceptions?.applied ?? []);
  const expired = union((d) => d.exceptions?.expired ?? []);
  // Stale in the organization: active and matched in no shard (a shard without the entry's account lists it as stale).
  const used = new Set([...applied, ...expired].map((m) => entryKey(m.entry)));
  const stale = new Map<string, ExceptionEntry>();
  for (const doc of docs) for (const entry of doc.exceptions?.stale ?? []) if (!used.has(entryKey(entry))) stale.set(entryKey(entry), entry);
  const now = Date.parse(result.now);
  return {
    result,
    applied,
    expired,
    expiring: (withinMs) => applied.filter((m) => m.entry.expiresAt - now <= withinMs),
    stale: [...stale.values()].sort(byLocation),
    staleHint: (entry) => staleExceptionHint(entry, result),
  };
}
