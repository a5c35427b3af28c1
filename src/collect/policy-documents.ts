import type { JsonObject, JsonValue } from './json-value.ts';

/**
 * Decodes a policy document as IAM returns it (URL-encoded JSON, RFC 3986) into an object. Plain JSON
 * strings (what some tools and emulators return) are accepted too. A value that is neither is kept as
 * it was, so the snapshot's validation can point at it rather than the collector hiding it.
 */
export function decodePolicyDocument(value: JsonValue): JsonValue {
  if (typeof value !== 'string') return value;
  const direct = parseJsonObject(value);
  if (direct !== undefined) return direct;
  try {
    return parseJsonObject(decodeURIComponent(value)) ?? value;
  } catch {
    // A malformed percent sequence: not URL-encoded after all.
    return value;
  }
}

function parseJsonObject(text: string): JsonObject | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

/** Decodes every policy document inside a GetAccountAuthorizationDetails result (all four lists). */
export function decodeAuthorizationDetails(details: {
  readonly UserDetailList: readonly JsonObject[];
  readonly GroupDetailList: readonly JsonObject[];
  readonly RoleDetailList: readonly JsonObject[];
  readonly Policies: readonly JsonObject[];
}): typeof details {
  return {
    UserDetailList: details.UserDetailList.map((user) => mapList(user, 'UserPolicyList', (p) => mapField(p, 'PolicyDocument'))),
    GroupDetailList: details.GroupDetailList.map((group) => mapList(group, 'GroupPolicyList', (p) => mapField(p, 'PolicyDocument'))),
    RoleDetailList: details.RoleDetailList.map(decodeRole),
    Policies: details.Policies.map((policy) => mapList(policy, 'PolicyVersionList', (v) => mapField(v, 'Document'))),
  };
}

function decodeRole(role: JsonObject): JsonObject {
  const withTrust = mapField(role, 'AssumeRolePolicyDocument');
  const withInline = mapList(withTrust, 'RolePolicyList', (p) => mapField(p, 'PolicyDocument'));
  // Instance profiles embed their roles again, trust policy included.
  return mapList(withInline, 'InstanceProfileList', (profile) => mapList(profile, 'Roles', (r) => mapField(r, 'AssumeRolePolicyDocument')));
}

function mapField(object: JsonObject, key: string): JsonObject {
  const value = object[key];
  return value === undefined ? object : { ...object, [key]: decodePolicyDocument(value) };
}

function mapList(object: JsonObject, key: string, each: (item: JsonObject) => JsonObject): JsonObject {
  const list = object[key];
  if (!Array.isArray(list)) return object;
  return { ...object, [key]: (list as readonly JsonValue[]).map((item) => (isObject(item) ? each(item) : item)) };
}

function isObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
