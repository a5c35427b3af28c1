import type { Entity, EntityType, Unknown, Value } from '../entities.ts';
import { UNKNOWN } from '../entities.ts';
import type { AttributeName, AttributeReads, ConcreteEntityType, EntityAttributes } from '../entity-attributes.ts';
import { latestInstant, parseInstant } from '../instant.ts';
import { EMPTY } from '../lists.ts';
import type { ParsedParts } from '../parsed-parts.ts';
import { handedDocument } from '../parsed-parts.ts';
import { parsePolicyDocument } from '../policy-document/parse.ts';
import type { PolicyDocument } from '../policy-document/types.ts';
import { ATTRIBUTES_BY_TYPE } from '../schema.ts';
import type { SectionPath } from '../sections.ts';
import { OPTIONAL_SECTIONS, SECTION_CONTAINERS, SECTION_PATHS, SECTIONS, sectionForErrorPath } from '../sections.ts';
import type { PolicyDocumentInput, Snapshot } from '../snapshot.ts';
import { emptyElement } from '../statement-shape.ts';

export { EMPTY, exactList } from '../lists.ts';

/** An entity while the model is being built: attributes are filled in, links resolved, then it is frozen by type. */
export interface MutableEntity {
  readonly type: EntityType;
  readonly key: string;
  readonly name: string;
  readonly arn: string | null;
  readonly owner: Entity | null;
  readonly attrs: Record<string, Value>;
}

/** An entity of one type while it is built: its attribute record is the schema's for that type. */
export interface TypedEntity<T extends ConcreteEntityType> {
  readonly type: T;
  readonly key: string;
  readonly name: string;
  readonly arn: string | null;
  readonly owner: Entity | null;
  readonly attrs: EntityAttributes<T>;
}

/** A new entity; `attrs` must be exactly the schema's attributes of `type` (a compile error otherwise). */
export function newEntity<T extends ConcreteEntityType>(type: T, key: string, name: string, arn: string | null, owner: Entity | null, attrs: EntityAttributes<T>): TypedEntity<T> {
  return { type, key, name, arn, owner, attrs };
}

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

function wantedOf<T extends ConcreteEntityType>(reads: AttributeReads | null, type: T): Wanted<T> {
  const names = reads?.get(type);
  const out: Partial<Record<string, boolean>> = {};
  for (const spec of ATTRIBUTES_BY_TYPE[type]) out[spec.name] = reads === null || (names?.has(spec.name) ?? false);
  // INVARIANT: one flag per attribute of the type, from the same table AttributeName<T> is derived from.
  return out as Wanted<T>;
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

/** Epoch ms of an ISO date; UNKNOWN when absent (or, in an unvalidated snapshot, bad). parseInstant is cheap: no memo. */
export function date(text: string | undefined): number | Unknown {
  if (text === undefined) return UNKNOWN;
  return parseInstant(text) ?? UNKNOWN;
}

/**
 * Time from `at` to now; null stays null, unknown stays unknown. A date after capturedAt is
 * inconsistent data (validation warns): its duration is unknown, not negative, since a negative
 * `unused` or `age` passes every `> limit` rule.
 */
export function since(ctx: NormalizeContext, at: number | null | Unknown): number | null | Unknown {
  if (at === null || at === UNKNOWN) return at;
  if (at > ctx.capturedAtLatest) return UNKNOWN;
  // A date within capturedAt's own second (or minute, or day) happened by then.
  return ctx.now - Math.min(at, ctx.capturedAt);
}

/**
 * A parsed policy document: the one validation parsed when there is one, else parsed now (strings
 * are memoized). Null, read as unknown, when it does not parse (only possible for snapshots that
 * were not validated) or has an empty element, which guard concludes nothing from (statement-shape.ts).
 */
export function document(ctx: NormalizeContext, holder: object, input: PolicyDocumentInput | undefined): PolicyDocument | null {
  if (input === undefined) return null;
  const remembered = handedDocument(ctx.parsed, holder, input);
  if (remembered !== undefined) return remembered;
  if (typeof input === 'string') {
    let cached = ctx.documents.get(input);
    if (cached === undefined) {
      cached = parseTrusted(input);
      ctx.documents.set(input, cached);
    }
    return cached;
  }
  return parseTrusted(input);
}

function parseTrusted(input: PolicyDocumentInput): PolicyDocument | null {
  const parsed = parsePolicyDocument(input);
  return 'error' in parsed || emptyElement(input) !== null ? null : parsed;
}

/** Tags as `key=value` strings; none when the snapshot has no Tags. */
export function tagStrings(tags: readonly { readonly Key: string; readonly Value: string }[] | undefined): readonly string[] {
  if (tags === undefined || tags.length === 0) return EMPTY;
  return tags.map((t) => `${t.Key}=${t.Value}`);
}

/** The account id in an ARN (`arn:aws:iam::123456789012:user/x`), or null. */
export function arnAccount(arn: string): string | null {
  const parts = arn.split(':', 5);
  const account = parts[4];
  return parts[0] === 'arn' && account !== undefined && account !== '' ? account : null;
}

/** Latest of known dates; unknown if any is unknown; null if all are absent. */
export function latest(values: readonly (number | null | Unknown)[]): number | null | Unknown {
  let best: number | null = null;
  for (const v of values) {
    if (v === UNKNOWN) return UNKNOWN;
    if (v !== null && (best === null || v > best)) best = v;
  }
  return best;
}

export { SECTIONS };
