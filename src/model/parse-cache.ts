import type { ParsedReport } from './credential-report.ts';
import type { PolicyDocument } from './policy-document/types.ts';

/**
 * Results of parsing done during validation, kept for normalization so that a large snapshot's
 * policy documents and credential report are parsed once, not twice. Keyed by the object that
 * holds the raw value (an inline policy entry, a role, a policy version, an Organizations policy,
 * the `iam` section; each holds one document or report) weakly, so nothing outlives the snapshot,
 * and checked against the raw value, so a changed or foreign snapshot is simply parsed again.
 */
interface Entry<T> {
  readonly input: unknown;
  readonly result: T;
}

const documents = new WeakMap<object, Entry<PolicyDocument | null>>();
const reports = new WeakMap<object, Entry<ParsedReport>>();

export function rememberDocument(holder: object, input: unknown, result: PolicyDocument | null): void {
  documents.set(holder, { input, result });
}

export function recallDocument(holder: object, input: unknown): PolicyDocument | null | undefined {
  const entry = documents.get(holder);
  return entry !== undefined && entry.input === input ? entry.result : undefined;
}

export function rememberReport(holder: object, text: string, result: ParsedReport): void {
  reports.set(holder, { input: text, result });
}

export function recallReport(holder: object, text: string): ParsedReport | undefined {
  const entry = reports.get(holder);
  return entry !== undefined && entry.input === text ? entry.result : undefined;
}
