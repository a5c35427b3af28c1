/**
 * Policy variables (`${aws:username}`) in Resource, NotResource and condition values, substituted
 * for the principal evaluated. AWS substitutes them only in documents of `"Version": "2012-10-17"`;
 * in the 2008 version (or without a Version) `${...}` is literal text
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-infotouse).
 */
import { contextKey } from './context-keys.ts';
import type { PrincipalContext } from './types.ts';

export const VARIABLES_VERSION = '2012-10-17';

/**
 * A text after substitution. `exact` is false when some variable could not be resolved from the
 * snapshot (a request key, a role's `aws:username`): then `text` holds `*` in its place, the widest
 * thing it could become, and a match against it is only a "perhaps".
 */
export interface Substituted {
  readonly text: string;
  readonly exact: boolean;
}

/** Does the text hold a variable that the document's version substitutes. */
export function hasVariables(text: string, version: string | null): boolean {
  return version === VARIABLES_VERSION && text.includes('${');
}

/**
 * Substitutes every `${...}`: the special characters `${*}`, `${?}`, `${$}`; a key, resolved for
 * the principal; a key with a default, `${aws:username, 'x'}`, used when the key is absent.
 * A `${` without its `}` is literal. `${*}` and `${?}` become `*` and `?`, which the glob matcher
 * reads as wildcards (it has no escape): a pattern holding one matches a little more than IAM's.
 */
export function substitute(text: string, p: PrincipalContext): Substituted {
  let out = '';
  let exact = true;
  let from = 0;
  for (;;) {
    const open = text.indexOf('${', from);
    if (open < 0) break;
    const close = text.indexOf('}', open + 2);
    if (close < 0) break;
    out += text.slice(from, open);
    const value = resolve(text.slice(open + 2, close), p);
    if (value === null) {
      out += '*';
      exact = false;
    } else {
      out += value;
    }
    from = close + 1;
  }
  return { text: out + text.slice(from), exact };
}

/** The value of one variable's inside, or null when the snapshot cannot tell it. */
function resolve(inside: string, p: PrincipalContext): string | null {
  const body = inside.trim();
  if (body === '*' || body === '?' || body === '$') return body;
  const comma = body.indexOf(',');
  const key = (comma < 0 ? body : body.slice(0, comma)).trim();
  const fallback = comma < 0 ? null : unquote(body.slice(comma + 1).trim());
  const value = contextKey(key, p);
  switch (value.kind) {
    case 'values':
      // A multi-valued key has no single text to substitute.
      return value.values.length === 1 ? (value.values[0] ?? null) : null;
    case 'absent':
      return fallback;
    default:
      return null;
  }
}

function unquote(s: string): string | null {
  return s.length >= 2 && s.startsWith("'") && s.endsWith("'") ? s.slice(1, -1) : null;
}
