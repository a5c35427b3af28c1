/** Fields that say where something was written, not what it means. */
const POSITION_FIELDS: ReadonlySet<string> = new Set(['span', 'keySpan', 'outcomeSpan', 'lineBreaks']);

/**
 * A deep copy without source positions (`span`, `keySpan`, `outcomeSpan`, and a file's `lineBreaks`), so two
 * trees can be compared with `toEqual` when only their meaning matters.
 */
export function stripSpans<T>(node: T): T {
  return strip(node) as T;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (!POSITION_FIELDS.has(key)) copy[key] = strip(child);
  }
  return copy;
}
