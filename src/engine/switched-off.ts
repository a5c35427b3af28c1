import type { CheckedRule } from '../semantics/index.ts';

/**
 * Why a rule's params switch it off, or null when they do not: its scope is a false let/param
 * comparison, alone or in a top-level `and` (`accounts where allowed_regions != [] and ...` with the
 * param empty). Such a rule judges nothing by design: it is not evaluated, is never an empty scope,
 * and `guard test` does not look for an account where it fails.
 */
export function offReason(rule: CheckedRule): string | null {
  const filter = rule.body.scope.filter;
  if (filter === null) return null;
  for (const operand of filter.kind === 'and' ? filter.operands : [filter]) {
    if (operand.kind === 'constant' && !operand.value) return operand.reason ?? 'its scope is false whatever the entity';
  }
  return null;
}
