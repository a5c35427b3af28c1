import type { AttributeName, AttributeReads, ConcreteEntityType } from '../entity-attributes.ts';
import { latestInstant, parseInstant } from '../instant.ts';
import type { ParsedParts } from '../parsed-parts.ts';
import type { PolicyDocument } from '../policy-document/types.ts';
import { ATTRIBUTES_BY_TYPE } from '../schema.ts';
import type { SectionPath } from '../sections.ts';
import { OPTIONAL_SECTIONS, SECTION_CONTAINERS, SECTION_PATHS, SECTIONS, sectionForErrorPath } from '../sections.ts';
import type { Snapshot } from '../snapshot.ts';

/** Per-normalization state: which sections are known, evaluation time, memo tables. */
export interface NormalizeContext {
  readonly snapshot: Snapshot;
  readonly accountId: string;
  readonly partition: string;
  readonly now: number;
  readonly capturedAt: number;
  /** The last millisecond capturedAt's text denotes (a whole second when it has no fraction). */
  readonly capturedAtLatest: number;
  readonly rootArn: string;
  /** Sections not collected (missing or named in `errors`), leaf paths. */
  readonly missing: ReadonlySet<SectionPath>;
  /** Whether `organizations` is null: the account is known to be in no organization. */
  readonly notInOrganization: boolean;
  /** Ids of the organization's accounts the snapshot lists (none when it lists none). */
  readonly organizationAccounts: ReadonlySet<string>;
  readonly documents: Map<string, PolicyDocument | null>;
  /** What validation parsed of this snapshot, when it was validated first. */
  readonly parsed: ParsedParts | undefined;
  /** The attributes to compute; null for all of them. */
  readonly reads: AttributeReads | null;
  /** Which statement attributes are computed (statements are many: one lookup per type, not per statement). */
  readonly statementWants: Wanted<'statement'>;
}

/** Whether each attribute of a type is computed. */
export type Wanted<T extends ConcreteEntityType> = Readonly<Record<AttributeName<T>, boolean>>;

export function createContext(snapshot: Snapshot, now: number | undefined, parsed: ParsedParts | undefined, reads: AttributeReads | null): NormalizeContext {
  const capturedAt = parseInstant(snapshot.capturedAt);
  // INVARIANT: a validated snapshot has a valid capturedAt.
  if (capturedAt === null) throw new Error(`normalizeSnapshot: invalid capturedAt ${snapshot.capturedAt}`);
  const accountId = snapshot.account.id;
  const partition = snapshot.account.partition;
  const missing = missingSections(snapshot);
  return {
    snapshot,
    accountId,
    partition,
    now: now ?? capturedAt,
    capturedAt,
    capturedAtLatest: latestInstant(snapshot.capturedAt) ?? capturedAt,
    rootArn: `arn:${partition}:iam::${accountId}:root`,
    missing,
    notInOrganization: snapshot.organizations === null && !erroredContainers(snapshot).has('organizations'),
    organizationAccounts: organizationAccounts(snapshot, missing),
    documents: new Map(),
    parsed,
    reads,
    statementWants: wantedOf(reads, 'statement'),
  };
}

/** Whether normalization computes this attribute: every one without a read set. */
export function wants<T extends ConcreteEntityType>(ctx: NormalizeContext, type: T, name: AttributeName<T>): boolean {
  return ctx.reads === null || (ctx.reads.get(type)?.has(name) ?? false);
}

/**
 * Each attribute of a type, whether normalization computes it: one lookup per type, for code that asks
 * per entity (every statement, user, role). Made by fromEntries, which gives an object with fast
 * properties: stored one computed key at a time, past a dozen keys V8 turns it into a dictionary,
 * and each flag read a hash lookup.
 */
export function wantedOf<T extends ConcreteEntityType>(reads: AttributeReads | null, type: T): Wanted<T> {
  const names = reads?.get(type);
  // INVARIANT: one flag per attribute of the type, from the same table AttributeName<T> is derived from.
  return Object.fromEntries(ATTRIBUTES_BY_TYPE[type].map((spec) => [spec.name, reads === null || (names?.has(spec.name) ?? false)])) as Wanted<T>;
}

function organizationAccounts(snapshot: Snapshot, missing: ReadonlySet<SectionPath>): ReadonlySet<string> {
  const ids = new Set<string>();
  const organizations = snapshot.organizations ?? undefined;
  if (!missing.has(SECTIONS.accounts)) for (const a of organizations?.accounts ?? []) ids.add(a.Id);
  const management = missing.has(SECTIONS.organization) ? undefined : organizations?.organization?.MasterAccountId;
  if (management !== undefined) ids.add(management);
  return ids;
}

function erroredContainers(snapshot: Snapshot): Set<string> {
  const out = new Set<string>();
  for (const e of snapshot.errors ?? []) {
    const section = sectionForErrorPath(e.section);
    if (section !== null) out.add(section);
  }
  return out;
}

function missingSections(snapshot: Snapshot): Set<SectionPath> {
  const errored = erroredContainers(snapshot);
  const missing = new Set<SectionPath>();
  const top = snapshot as unknown as Readonly<Record<string, Readonly<Record<string, unknown>> | null | undefined>>;
  for (const path of SECTION_PATHS) {
    const [container, key] = path.split('.') as [string, string];
    if (errored.has(path) || errored.has(container)) {
      missing.add(path);
      continue;
    }
    // A null container (no organization, no Identity Center) holds known, empty sections.
    const holder = top[container];
    if (holder === undefined || (holder !== null && holder[key] === undefined)) missing.add(path);
  }
  return missing;
}

/**
 * Model.missingSections: the missing sections by key path, a whole container when all of its
 * sections are missing. Optional sections count only when named in `errors`.
 */
export function reportedMissingSections(ctx: NormalizeContext): string[] {
  const errored = erroredContainers(ctx.snapshot);
  const counts = (path: SectionPath): boolean => ctx.missing.has(path) && (!OPTIONAL_SECTIONS.has(path) || errored.has(path) || errored.has(path.split('.')[0] ?? ''));
  const out: string[] = [];
  for (const container of SECTION_CONTAINERS) {
    const inContainer = SECTION_PATHS.filter((p) => p.startsWith(`${container}.`));
    const required = inContainer.filter((p) => !OPTIONAL_SECTIONS.has(p));
    // A container of optional sections only is reported whole when `errors` names it.
    const whole = required.length > 0 ? required.every((p) => ctx.missing.has(p)) : errored.has(container);
    if (whole) out.push(container);
    else out.push(...inContainer.filter(counts));
  }
  return out;
}

export function has(ctx: NormalizeContext, section: SectionPath): boolean {
  return !ctx.missing.has(section);
}
