/**
 * Every diagnostic code guard can emit. Codes are stable: they are documented in docs/language.md
 * and reused as SARIF rule ids, so rename one only with a changelog entry.
 */
export const DIAGNOSTIC_CODES = [
  // lexing and parsing
  'syntax/unexpected-character',
  'syntax/unexpected-token',
  'syntax/unterminated-string',
  'syntax/bad-literal',
  // names, types and declarations
  'check/unknown-collection',
  'check/unknown-attribute',
  'check/unknown-name',
  'check/type-mismatch',
  'check/bad-operand',
  'check/duplicate-rule',
  'check/duplicate-name',
  'check/bad-metadata',
  'check/bad-exception',
  'check/not-applicable',
  'check/unused-name',
  'check/unknown-action',
  'check/unknown-condition',
  'check/recursive-definition',
  'check/bad-arguments',
  // snapshots
  'snapshot/unreadable',
  'snapshot/invalid-json',
  'snapshot/invalid',
  'snapshot/unsupported-format',
  // SCP and RCP files (guard validate-policy)
  'policy/invalid',
  // command line
  'usage/bad-flag',
  'usage/bad-param',
  'usage/no-rules',
  'usage/unknown-rule',
  'usage/io',
] as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];
