import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AttributeType, Entity, EntityType, Model, Value } from '../../src/model/index.ts';
import { COLLECTIONS, ENTITY_TYPES, normalizeSnapshot, parseSnapshot, SECTION_PATHS, UNKNOWN } from '../../src/model/index.ts';
import { AUTH_DETAILS_DUMPS, exampleSnapshot, HAVE_SHARED_DATA, snapshotOf, wrappedDump } from './fixtures.ts';
import { snapshotArbitrary } from './snapshot-arbitrary.ts';

const ENTITY_TYPE_NAMES = Object.keys(ENTITY_TYPES) as EntityType[];

function isEntity(value: unknown): value is Entity {
  return typeof value === 'object' && value !== null && 'type' in value && 'key' in value && 'attrs' in value;
}

/** Why a value does not have the declared type, or null when it does (null and UNKNOWN always do). */
function typeProblem(value: Value | undefined, type: AttributeType): string | null {
  if (value === undefined) return 'undefined';
  if (value === null || value === UNKNOWN) return null;
  switch (type.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? null : `not a boolean: ${String(value)}`;
    case 'number':
    case 'date':
    case 'duration':
      return typeof value === 'number' && Number.isFinite(value) ? null : `not a finite number: ${String(value)}`;
    case 'string':
      return typeof value === 'string' ? null : `not a string: ${String(value)}`;
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? null : 'not a list of strings';
    case 'link':
      return isEntity(value) && value.type === type.target ? null : `not a ${type.target} entity`;
    case 'links':
      return Array.isArray(value) && value.every((v) => isEntity(v) && v.type === type.target) ? null : `not a list of ${type.target} entities`;
    case 'policy-documents':
      return Array.isArray(value) && value.every((d) => typeof d === 'object' && d !== null && 'statements' in d && Array.isArray(d.statements)) ? null : 'not a list of policy documents';
  }
}

/** Every entity reachable from the collections, through owners and links. */
function reachable(model: Model): Entity[] {
  const seen = new Set<Entity>();
  const queue: Entity[] = [];
  const visit = (e: Entity): void => {
    if (seen.has(e)) return;
    seen.add(e);
    queue.push(e);
  };
  for (const c of Object.values(model.collections)) c.entities.forEach(visit);
  while (queue.length > 0) {
    const e = queue.pop();
    if (e === undefined) break;
    if (e.owner !== null) visit(e.owner);
    for (const v of Object.values(e.attrs)) {
      if (isEntity(v)) visit(v);
      else if (Array.isArray(v)) for (const item of v) if (isEntity(item)) visit(item);
    }
  }
  return [...seen];
}

/** The conformance law: every entity has exactly its type's attributes, each of its declared type (or null / unknown). */
function conformanceProblems(model: Model): string[] {
  const problems: string[] = [];
  for (const spec of COLLECTIONS) {
    const c = model.collections[spec.name];
    if (c === undefined) {
      problems.push(`collection ${spec.name} missing`);
      continue;
    }
    if (spec.singleton && c.entities.length !== 1) problems.push(`singleton ${spec.name} has ${c.entities.length} entities`);
    const types: readonly string[] = spec.memberTypes ?? [spec.entityType];
    for (const e of c.entities) if (!types.includes(e.type)) problems.push(`${spec.name} holds a ${e.type}`);
  }
  const keys = new Map<string, Entity>();
  for (const e of reachable(model)) {
    const spec = ENTITY_TYPES[e.type];
    const expected = spec.attributes.map((a) => a.name).sort();
    const actual = Object.keys(e.attrs).sort();
    if (JSON.stringify(expected) !== JSON.stringify(actual)) problems.push(`${e.type} ${e.key}: attributes ${JSON.stringify(actual)} instead of ${JSON.stringify(expected)}`);
    for (const a of spec.attributes) {
      const problem = typeProblem(e.attrs[a.name], a.type);
      if (problem !== null) problems.push(`${e.type} ${e.key}.${a.name}: ${problem}`);
    }
    const other = keys.get(e.key);
    if (other !== undefined && other !== e) problems.push(`duplicate key ${e.key}`);
    keys.set(e.key, e);
    if (e.name === '') problems.push(`${e.type} ${e.key} has no name`);
  }
  return problems.slice(0, 20);
}

describe('the schema table', () => {
  it('has a spec for every entity type, and collections of known types', () => {
    for (const type of ENTITY_TYPE_NAMES) expect(ENTITY_TYPES[type].type).toBe(type);
    for (const c of COLLECTIONS) expect(ENTITY_TYPE_NAMES).toContain(c.entityType);
  });

  it('uses unique snake_case names and aliases, one-line docs, known sections', () => {
    const collectionNames = COLLECTIONS.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
    expect(new Set(collectionNames).size).toBe(collectionNames.length);
    for (const name of collectionNames) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
    for (const spec of Object.values(ENTITY_TYPES)) {
      const names = spec.attributes.flatMap((a) => [a.name, ...(a.aliases ?? [])]);
      expect(new Set(names).size, spec.type).toBe(names.length);
      for (const a of spec.attributes) {
        expect(a.name).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(a.doc.length, `${spec.type}.${a.name}`).toBeGreaterThan(3);
        expect(a.doc).not.toMatch(/\n/);
        for (const s of a.sections) expect(SECTION_PATHS as readonly string[], `${spec.type}.${a.name}`).toContain(s);
      }
    }
  });

  it('points permissions and trustPolicy at policy-documents attributes', () => {
    for (const spec of Object.values(ENTITY_TYPES)) {
      for (const name of [spec.permissions, spec.trustPolicy]) {
        if (name === undefined) continue;
        expect(spec.attributes.find((a) => a.name === name)?.type.kind, `${spec.type}.${name}`).toBe('policy-documents');
      }
    }
    expect(ENTITY_TYPES.user.permissions).toBe('permissions');
    expect(ENTITY_TYPES.role.trustPolicy).toBe('trust_policy');
  });

  it('gives a collection of several types an abstract type whose attributes every member has, typed alike', () => {
    for (const c of COLLECTIONS) {
      for (const member of c.memberTypes ?? []) {
        for (const a of ENTITY_TYPES[c.entityType].attributes) {
          expect(ENTITY_TYPES[member].attributes.find((b) => b.name === a.name)?.type, `${member}.${a.name}`).toEqual(a.type);
        }
      }
    }
  });

  it('gives every singleton an `exists` attribute', () => {
    for (const c of COLLECTIONS.filter((c) => c.singleton)) {
      expect(ENTITY_TYPES[c.entityType].attributes.find((a) => a.name === 'exists')?.type.kind, c.name).toBe('boolean');
    }
  });
});

describe('normalize produces exactly the schema', () => {
  it('on the example snapshot', () => {
    const model = normalizeSnapshot(exampleSnapshot());
    expect(conformanceProblems(model)).toEqual([]);
    // every collection is known and non-empty in the example
    for (const c of Object.values(model.collections)) {
      expect(c.known, c.name).toBe(true);
      if (c.name !== 'signing_certificates') expect(c.entities.length, c.name).toBeGreaterThan(0);
    }
  });

  it.skipIf(!HAVE_SHARED_DATA)('on the shared GetAccountAuthorizationDetails dumps (shared data)', () => {
    for (const dump of AUTH_DETAILS_DUMPS) {
      const model = normalizeSnapshot(snapshotOf(wrappedDump(dump.file, dump.account)));
      expect(conformanceProblems(model), dump.file).toEqual([]);
      expect(model.collections['users']!.entities.length).toBeGreaterThan(0);
    }
  });

  it('on generated snapshots, with sections present, missing, errored or null', () => {
    fc.assert(
      fc.property(snapshotArbitrary, fc.integer({ min: 0, max: 400 }), (data, laterDays) => {
        const outcome = parseSnapshot(JSON.stringify(data), 'generated.json');
        if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors, null, 1));
        const model = normalizeSnapshot(outcome.value, { now: Date.UTC(2026, 10, 27, 10) + laterDays * 86_400_000 });
        expect(conformanceProblems(model)).toEqual([]);
        // the root user never appears among users
        expect(model.collections['users']!.entities.every((u) => u.name !== '<root_account>')).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('durations are never negative when now is at or after every date', () => {
    fc.assert(
      fc.property(snapshotArbitrary, (data) => {
        const model = normalizeSnapshot(snapshotOf(data));
        for (const e of reachable(model)) {
          for (const a of ENTITY_TYPES[e.type].attributes) {
            const v = e.attrs[a.name];
            if (a.type.kind === 'duration' && typeof v === 'number' && a.name !== 'max_age' && a.name !== 'max_session_duration') expect(v, `${e.key}.${a.name}`).toBeGreaterThanOrEqual(0);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
