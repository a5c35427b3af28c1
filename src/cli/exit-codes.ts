/** Exit codes are a contract (DESIGN.md, docs/ci.md): CI systems branch on them. */
export const EXIT = {
  /** No finding fails at or above --fail-on. */
  ok: 0,
  /** Some finding fails at or above --fail-on (or a collection partly failed, for `guard snapshot --org`). */
  findings: 1,
  /** Usage errors, rule-file diagnostics, unreadable or invalid snapshots, fatal collection errors. */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
