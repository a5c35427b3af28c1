import { EMPTY } from './lists.ts';
import type { PolicyDocument, PolicyStatement } from './policy-document/types.ts';

/**
 * What a policy document is for decides which statement elements it must have, as IAM decides
 * when it stores one: the parser (policy-document/parse.ts) reads every kind the same way, so the
 * requirements of each kind are checked here, where the kind is known.
 */
export type DocumentKind = 'identity' | 'trust' | 'organizations';

/** checkStatements found no shape problem, but an element that may be empty: emptyElement says which. */
export const MAY_BE_EMPTY: unique symbol = Symbol('may be empty');

/**
 * The first statement element a document of this kind must have and lacks, or must not have and
 * has, as IAM rejects it (`MalformedPolicyDocument`); SCPs and RCPs are only held to having an
 * action: Organizations' own grammar differs in what else it requires. Without such a problem,
 * MAY_BE_EMPTY when parsedHasEmptyElement would say an element may be empty, else null: one walk
 * over the statements, as validation asks both of every document.
 */
export function checkStatements(doc: PolicyDocument, kind: DocumentKind): string | typeof MAY_BE_EMPTY | null {
  const statements = doc.statements;
  let mayBeEmpty = false;
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i] as PolicyStatement;
    const problem = statementProblem(s, kind);
    if (problem !== null) return `\`${statements.length === 1 ? 'Statement' : `Statement[${i}]`}\` ${problem}`;
    if (!mayBeEmpty) mayBeEmpty = statementMayBeEmpty(s);
  }
  return mayBeEmpty ? MAY_BE_EMPTY : null;
}

function statementProblem(s: PolicyStatement, kind: DocumentKind): string | null {
  if (s.actions === null && s.notActions === null) return 'has no `Action` or `NotAction`';
  // IAM refuses an empty action, resource or principal (`Resource  must be in ARN format or "*"`); read as matching nothing it would pass rules.
  const blank = blankElement(s);
  if (blank !== null) return `has an empty string in \`${blank}\``;
  const malformed = malformedValue(s);
  if (malformed !== null) return malformed;
  if (kind === 'identity') {
    if (s.resources === null && s.notResources === null) return 'has no `Resource` or `NotResource` (identity policies need one)';
    if (s.principal !== null || s.notPrincipal !== null) return `has \`${s.principal !== null ? 'Principal' : 'NotPrincipal'}\`, which identity policies do not take`;
  } else if (kind === 'trust') {
    if (s.principal === null && s.notPrincipal === null) return 'has no `Principal` or `NotPrincipal` (trust policies need one)';
    if (s.resources !== null || s.notResources !== null) return `has \`${s.resources !== null ? 'Resource' : 'NotResource'}\`, which trust policies do not take`;
  }
  return null;
}

// Written out, not as a table of [name, list] pairs: it runs for every statement of a large snapshot, and the pairs were its garbage.
function blankElement(s: PolicyStatement): string | null {
  if (s.actions?.includes('')) return 'Action';
  if (s.notActions?.includes('')) return 'NotAction';
  if (s.resources?.includes('')) return 'Resource';
  if (s.notResources?.includes('')) return 'NotResource';
  return blankPrincipal('Principal', s.principal) ?? blankPrincipal('NotPrincipal', s.notPrincipal);
}

function blankPrincipal(name: string, principal: PolicyStatement['principal']): string | null {
  if (principal === null || principal.kind !== 'map') return null;
  if (principal.aws.includes('')) return `${name}.AWS`;
  if (principal.service.includes('')) return `${name}.Service`;
  if (principal.federated.includes('')) return `${name}.Federated`;
  if (principal.canonicalUser.includes('')) return `${name}.CanonicalUser`;
  return null;
}

/**
 * A value IAM refuses as malformed, which guard would otherwise read as matching nothing: an AWS
 * principal that is not `*`, an account id, an ARN or a unique id (`AROA...`, what IAM shows for a
 * deleted principal). Actions and resources are left to glob matching, as IAM matches them.
 */
function malformedValue(s: PolicyStatement): string | null {
  return malformedPrincipal('Principal', s.principal) ?? malformedPrincipal('NotPrincipal', s.notPrincipal);
}

function malformedPrincipal(name: string, principal: PolicyStatement['principal']): string | null {
  if (principal === null || principal.kind !== 'map') return null;
  const bad = principal.aws.find((p) => p !== '*' && !/^\d{12}$/.test(p) && !isArn(p) && !/^A[A-Z0-9]{15,}$/.test(p));
  return bad === undefined ? null : `has \`${name}.AWS\` \`${bad}\`, which is neither \`*\`, an account id, an ARN nor a unique id`;
}

/** `arn:partition:service:region:account:resource`: six fields (the resource may hold more colons). */
function isArn(value: string): boolean {
  if (!value.startsWith('arn:')) return false;
  // Four more colons after `arn:` (what `split(':', 6)` having six fields means), found without splitting.
  let at = 3;
  for (let k = 0; k < 4; k++) {
    at = value.indexOf(':', at + 1);
    if (at === -1) return false;
  }
  return true;
}

const LIST_ELEMENTS = ['Action', 'NotAction', 'Resource', 'NotResource'] as const;
const PRINCIPAL_ELEMENTS = ['Principal', 'NotPrincipal'] as const;

// An empty JSON list in the text, plain or URL-encoded (`[`, blanks, `]`): most documents have
// none, so the text is decoded and parsed a second time only when this finds one.
const EMPTY_LIST_TEXT = /\[\s*\]|%5B(?:\s|\+|%20|%0A|%0D|%09)*%5D/i;

/**
 * Where a document that parses has an empty list (or an empty `Principal` object) in a statement
 * element: `Statement[0]` and `Action`, or null. IAM stores such statements (Access Analyzer only
 * suggests removing them) and reads them as matching nothing, or for `Not...` everything. A dump
 * whose lists were emptied on the way reads the same, so guard concludes nothing from such a
 * document: its caller makes it unknown. `raw` is the document as the snapshot holds it.
 */
export function emptyElement(raw: unknown): { readonly statement: string; readonly element: string } | null {
  const value = typeof raw === 'string' ? (EMPTY_LIST_TEXT.test(raw) ? decoded(raw) : undefined) : raw;
  if (!isRecord(value)) return null;
  const list = value['Statement'];
  const statements = Array.isArray(list) ? list : [list];
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i];
    if (!isRecord(s)) continue;
    const element = emptyIn(s);
    if (element !== null) return { statement: Array.isArray(list) ? `Statement[${i}]` : 'Statement', element };
  }
  return null;
}

/**
 * Whether emptyElement may find something in the document `doc` was parsed from (never false when
 * it does), read from `doc` itself: the parser keeps a list element as the very array the JSON holds
 * (an absent element is null, or the shared EMPTY in a principal map, which no JSON value is), and a
 * condition's values are empty exactly when the JSON list is. Most documents have no empty element,
 * so validation skips emptyElement's second walk over the raw value unless this says there may be one.
 */
export function parsedHasEmptyElement(doc: PolicyDocument): boolean {
  for (const s of doc.statements) if (statementMayBeEmpty(s)) return true;
  return false;
}

function statementMayBeEmpty(s: PolicyStatement): boolean {
  if (s.actions?.length === 0 || s.notActions?.length === 0 || s.resources?.length === 0 || s.notResources?.length === 0) return true;
  if (emptyPrincipal(s.principal) || emptyPrincipal(s.notPrincipal)) return true;
  for (const c of s.conditions) if (c.values.length === 0) return true;
  return false;
}

function emptyPrincipal(principal: PolicyStatement['principal']): boolean {
  if (principal === null || principal.kind !== 'map') return false;
  const { aws, service, federated, canonicalUser } = principal;
  // `{}` has no type at all; a type written as `[]` is its own (empty) array, never the shared EMPTY.
  if (aws === EMPTY && service === EMPTY && federated === EMPTY && canonicalUser === EMPTY) return true;
  return (aws !== EMPTY && aws.length === 0) || (service !== EMPTY && service.length === 0) || (federated !== EMPTY && federated.length === 0) || (canonicalUser !== EMPTY && canonicalUser.length === 0);
}

// for…in over plain JSON objects (own keys in insertion order, as Object.entries), so no pair arrays per statement.
function emptyIn(s: Readonly<Record<string, unknown>>): string | null {
  for (const key of LIST_ELEMENTS) if (isEmptyList(s[key])) return key;
  for (const key of PRINCIPAL_ELEMENTS) {
    const principal = s[key];
    if (!isRecord(principal)) continue;
    let types = 0;
    for (const type in principal) {
      types++;
      if (isEmptyList(principal[type])) return `${key}.${type}`;
    }
    if (types === 0) return key;
  }
  const condition = s['Condition'];
  if (isRecord(condition)) {
    for (const operator in condition) {
      const keys = condition[operator];
      if (!isRecord(keys)) continue;
      for (const key in keys) if (isEmptyList(keys[key])) return `Condition.${operator}.${key}`;
    }
  }
  return null;
}

/** The JSON value of a document string (JSON or URL-encoded JSON, as parse.ts reads it); undefined when it is neither. */
function decoded(text: string): unknown {
  const trimmed = text.trim();
  try {
    return JSON.parse(trimmed.startsWith('%') ? decodeURIComponent(trimmed.replaceAll('+', ' ')) : trimmed);
  } catch {
    return undefined;
  }
}

function isEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
