/**
 * The JSON reports of an organization run written account by account: the head (rules) first,
 * each account's findings as it is done (then dropped), the counts and accounts last. The bytes are
 * those of `jsonParts` on the whole result, so a streamed report equals a buffered one and merges.
 */
import { mkdir, open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { AccountRun, EvaluationResult, Finding, FindingStatus, RuleInfo, RuleSeverity } from '../../engine/index.ts';
import { type AccountSummary, chunkWriter, findingsWriter, organizationHead, organizationTail } from '../../report/index.ts';
import { type CliIo, UsageError } from '../io.ts';
import type { RenderedFindings } from './evaluate-account.ts';
import type { FindingsSink } from './run.ts';

export interface JsonStream {
  /** Opens the files and writes the document's head. */
  readonly head: (rules: readonly RuleInfo[]) => Promise<void>;
  readonly sink: FindingsSink;
  /** Writes the tail; returns the result with the summary counted from the findings that went by. */
  readonly finish: (result: EvaluationResult) => EvaluationResult;
  readonly close: () => Promise<void>;
  /** Closes whatever was opened, when the run ends another way. */
  readonly abandon: () => Promise<void>;
  /** Whether a finding that went by fails the run under --fail-on. */
  readonly failing: () => boolean;
}

interface Target {
  readonly write: (chunk: string) => void;
  readonly close: () => Promise<void>;
}

/** `fails`: whether a finding fails the run (--fail-on), decided as findings go by. */
export async function openJsonStream(outputs: readonly { file: string; main: boolean }[], io: CliIo, fails: (severity: RuleSeverity, status: FindingStatus) => boolean): Promise<JsonStream> {
  const targets: Target[] = [];
  // An account's findings, a large part, go by as their own write (chunkWriter), not copied into a join.
  const { write, flush } = chunkWriter((chunk) => {
    for (const target of targets) target.write(chunk);
  });
  let findings = findingsWriter(undefined);
  const counts = new Map<AccountRun, { fail: number; unknown: number; waived: number }>();
  let failing = false;
  return {
    head: async (rules) => {
      if (!outputs.some((o) => o.main)) targets.push({ write: io.stdout, close: async () => {} });
      for (const output of outputs) targets.push(await fileTarget(resolve(io.cwd, output.file), output.file));
      findings = findingsWriter(undefined);
      write(organizationHead(rules));
    },
    sink: (account: AccountRun, list: readonly Finding[], rendered: RenderedFindings | null) => {
      if (rendered) {
        for (const part of findings.rendered(rendered.json)) write(part);
        counts.set(account, rendered.counts);
        for (const verdict of rendered.verdicts) {
          const [severity, status] = verdict.split(' ') as [RuleSeverity, FindingStatus];
          if (fails(severity, status)) failing = true;
        }
        return;
      }
      const row = { fail: 0, unknown: 0, waived: 0 };
      for (const finding of list) {
        row[finding.status]++;
        if (!failing && fails(finding.severity, finding.status)) failing = true;
      }
      write(findings.part(list));
      counts.set(account, row);
    },
    finish: (result) => {
      const summaries: AccountSummary[] = (result.organization?.accounts ?? []).map((account) => ({ account, ...(counts.get(account) ?? { fail: 0, unknown: 0, waived: 0 }), pass: account.pass }));
      const total = { fail: 0, unknown: 0, waived: 0 };
      for (const s of summaries) {
        total.fail += s.fail;
        total.unknown += s.unknown;
        total.waived += s.waived;
      }
      const counted = { ...result, summary: { ...result.summary, ...total } };
      write(findings.close());
      write(organizationTail(counted, summaries, {}));
      flush();
      return counted;
    },
    close: async () => {
      flush();
      for (const target of targets) await target.close();
    },
    abandon: async () => {
      for (const target of targets) await target.close().catch(() => {});
    },
    failing: () => failing,
  };
}

/** A report file written in order as chunks come, the first write error kept for close to report. */
async function fileTarget(path: string, shown: string): Promise<Target> {
  const fail = (caught: unknown): UsageError => new UsageError(`cannot write \`${shown}\`: ${caught instanceof Error ? caught.message : String(caught)}`);
  const handle = await mkdir(dirname(path), { recursive: true })
    .then(() => open(path, 'w'))
    .catch((caught: unknown) => {
      throw fail(caught);
    });
  let chain: Promise<unknown> = Promise.resolve();
  let failure: unknown = null;
  return {
    write: (chunk) => {
      chain = chain
        .then(() => handle.write(chunk))
        .catch((caught: unknown) => {
          failure ??= caught;
        });
    },
    close: async () => {
      await chain;
      await handle.close();
      if (failure !== null) throw fail(failure);
    },
  };
}
