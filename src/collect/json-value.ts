/** Plain JSON, as written to a snapshot file. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/**
 * Turns an SDK response into plain JSON: dates become ISO strings, SDK bookkeeping (`$metadata`) is
 * dropped, and so is every binary field. Binary fields are dropped on purpose: the only ones these
 * APIs return are secrets (a virtual MFA device's seed and QR code, which an emulator may return from
 * a list call) and the credential report, which is decoded separately.
 */
export function toJson(value: unknown): JsonValue | undefined {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return undefined;
  if (Array.isArray(value)) {
    const items: JsonValue[] = [];
    for (const item of value as readonly unknown[]) {
      const json = toJson(item);
      if (json !== undefined) items.push(json);
    }
    return items;
  }
  const result: Record<string, JsonValue> = {};
  for (const [key, field] of Object.entries(value)) {
    if (key.startsWith('$')) continue;
    const json = toJson(field);
    if (json !== undefined) result[key] = json;
  }
  return result;
}

/** `toJson` for a value known to be an object (an SDK response or one of its records). */
export function toJsonObject(value: object): JsonObject {
  const json = toJson(value);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new Error('expected an object from the SDK');
  return json as JsonObject;
}

/** `toJson` over a list of SDK records. */
export function toJsonObjects(values: readonly object[] | undefined): JsonObject[] {
  return (values ?? []).map(toJsonObject);
}

export function omitKeys(object: JsonObject, keys: readonly string[]): JsonObject {
  const result: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(object)) if (!keys.includes(key)) result[key] = value;
  return result;
}
