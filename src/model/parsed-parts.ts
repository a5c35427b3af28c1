import type { ParsedReport } from './credential-report.ts';
import type { PolicyDocument } from './policy-document/types.ts';

/**
 * What validation parsed, handed to normalization so that a large snapshot's policy documents and
 * credential report are parsed once, not twice. Documents are keyed by the object that holds the
 * raw value (an inline policy entry, a role, a policy version, an Organizations policy); each entry
 * keeps the raw value it was parsed from, so a holder whose document was replaced since is parsed again.
 */
export interface ParsedParts {
  readonly documents: ReadonlyMap<object, ParsedDocument>;
  /** The credential report and the text it was parsed from; null when there is none. */
  readonly report: { readonly text: string; readonly result: ParsedReport } | null;
}

export interface ParsedDocument {
  readonly input: unknown;
  /** Null when the document is read as unknown (an empty element: statement-shape.ts). */
  readonly result: PolicyDocument | null;
}

/** The parsed document of `holder`, when validation parsed this very input; undefined otherwise. */
export function handedDocument(parts: ParsedParts | undefined, holder: object, input: unknown): PolicyDocument | null | undefined {
  const entry = parts?.documents.get(holder);
  return entry !== undefined && entry.input === input ? entry.result : undefined;
}

/** The parsed credential report, when validation parsed this very text. */
export function handedReport(parts: ParsedParts | undefined, text: string): ParsedReport | undefined {
  const report = parts?.report ?? null;
  return report !== null && report.text === text ? report.result : undefined;
}
