/** The six fields of an ARN or ARN pattern: the first five colons split it, the rest is the resource (which may hold colons). Null with fewer than five colons. */
export function arnFields(s: string): readonly string[] | null {
  const fields: string[] = [];
  let from = 0;
  for (let i = 0; i < 5; i++) {
    const colon = s.indexOf(':', from);
    if (colon < 0) return null;
    fields.push(s.slice(from, colon));
    from = colon + 1;
  }
  fields.push(s.slice(from));
  return fields;
}

/** Do two ARN (pattern)s agree field by field under `relation`. */
export function fieldsAgree(a: readonly string[], b: readonly string[], relation: (x: string, y: string) => boolean): boolean {
  for (let i = 0; i < 6; i++) if (!relation(a[i] ?? '', b[i] ?? '')) return false;
  return true;
}
