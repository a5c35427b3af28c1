import type { RuleBody } from './ast.ts';
import { printRuleBody } from './print.ts';

const OPERATOR_WORDS: readonly (readonly [string, string])[] = [
  ['!=', 'ne'],
  ['<=', 'le'],
  ['>=', 'ge'],
  ['<', 'lt'],
  ['>', 'gt'],
  ['=', 'eq'],
];

/**
 * The id of a bare statement: a slug of its canonical text, so that it is stable under
 * reformatting. `users unused > 90d denied` → `users-unused-gt-90d-denied`,
 * `root must have mfa` → `root-must-have-mfa`. Operators outside strings become words; anything
 * else that is not a letter or digit separates words. Always a valid rule id (it starts with a
 * letter, because a body starts with a name).
 */
export function derivedRuleId(body: RuleBody): string {
  const text = printRuleBody(body);
  // Split off string literals so `"a>b"` is not read as an operator.
  const parts = text.split(/("(?:[^"\\]|\\.)*")/);
  const words = parts.map((part, i) => {
    if (i % 2 === 1) return part;
    let out = part;
    for (const [op, word] of OPERATOR_WORDS) out = out.split(op).join(` ${word} `);
    return out;
  });
  const slug = words
    .join(' ')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(slug) ? slug : `rule-${slug}`.replace(/-+$/, '');
}
