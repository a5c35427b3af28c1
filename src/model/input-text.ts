/**
 * Input text as messages quote it. A snapshot, baseline or policy document can hold any character,
 * and messages go to terminals: control characters (which move the cursor, clear the screen or
 * ring the bell), C1 controls, bidirectional overrides and lone surrogates are written as escapes.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The text with unsafe characters escaped (`\n`, `\u001b`); safe text is returned as it is. */
export function escapeInput(text: string): string {
  return text.replace(UNSAFE, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The text in backticks, escaped, cut after `max` characters (with `…`), as messages quote input. */
export function quoteInput(text: string, max = 60): string {
  if (text.length <= max) return `\`${escapeInput(text)}\``;
  // Do not cut a surrogate pair in half: the half would be escaped as if it were lone.
  const end = /[\ud800-\udbff]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return `\`${escapeInput(text.slice(0, end))}…\``;
}

/** A JSON value as a message shows it: quoted text (cut at `max` characters), a number or boolean, `a list`, `an object`. */
export function describeJsonValue(value: unknown, max = 60): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return quoteInput(value, max);
    case 'number':
    case 'boolean':
      return `\`${String(value)}\``;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}
