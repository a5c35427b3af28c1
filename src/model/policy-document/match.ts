/**
 * IAM matching behind the policy-document predicates of the language:
 * `allow "<action>" on "<resource>"` (documentsAllow) and `trust "<principal>"` (documentTrusts).
 *
 * Both over-approximate what a document grants, as guardrails should: conditions on Allow
 * statements are ignored, and only an unconditional Deny that covers the whole query cancels.
 */
import { globCovers, globsIntersect } from './glob.ts';
import { principalNames } from './principal.ts';
import type { PolicyDocument, PolicyStatement } from './types.ts';

export { globCovers, globMatches, globsIntersect } from './glob.ts';
export type { PrincipalSummary } from './principal.ts';
export { summarizePrincipal, summarizeTrustPolicy } from './principal.ts';

function actionsCover(s: PolicyStatement, query: string): boolean {
  if (s.actions === null && s.notActions === null) return false;
  // Every IAM action is `service:name`, so asking about `*` is asking about `*:*` (which an
  // `"Action": "*:*"` grant covers, as IAM and CIS treat it).
  const action = query === '*' ? '*:*' : query;
  if (s.actions !== null) {
    let covered = false;
    for (const a of s.actions) {
      if (globCovers(a, action, true)) {
        covered = true;
        break;
      }
    }
    if (!covered) return false;
  }
  // NotAction applies to every action outside its patterns: it covers the query only when no
  // action the query names is excluded.
  if (s.notActions !== null) {
    for (const n of s.notActions) if (globsIntersect(n, action, true)) return false;
  }
  return true;
}

function resourcesCover(s: PolicyStatement, resource: string): boolean {
  // No Resource element at all (trust policies): the statement is about any resource.
  if (s.resources !== null) {
    let covered = false;
    for (const r of s.resources) {
      if (globCovers(r, resource, false)) {
        covered = true;
        break;
      }
    }
    if (!covered) return false;
  }
  if (s.notResources !== null) {
    for (const n of s.notResources) if (globsIntersect(n, resource, false)) return false;
  }
  return true;
}

/**
 * Does this statement cover every (action, resource) the two queries (globs) name? Each query
 * must be covered by a single pattern of the statement; a union of several patterns covering a
 * wildcard query together is not recognised (IAM policies practically never split that way).
 */
export function statementCovers(s: PolicyStatement, action: string, resource: string): boolean {
  return actionsCover(s, action) && resourcesCover(s, resource);
}

/** A statement as the entity model lists it: its effect and its element lists, empty when absent. */
export interface StatementFields {
  readonly effect: string;
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
}

/**
 * `statements where allow "A" on "R"`: the statement is an Allow that covers (A, R), conditions or
 * not, with the matching of `allow` on documents (a list left empty is an element the statement does not have).
 */
export function statementAllows(s: StatementFields, action: string, resource: string): boolean {
  if (s.effect !== 'Allow') return false;
  const orNull = (list: readonly string[]): readonly string[] | null => (list.length === 0 ? null : list);
  const statement: PolicyStatement = {
    sid: null,
    effect: 'Allow',
    actions: orNull(s.actions),
    notActions: s.actions.length === 0 ? orNull(s.notActions) : null,
    resources: orNull(s.resources),
    notResources: s.resources.length === 0 ? orNull(s.notResources) : null,
    principal: null,
    notPrincipal: null,
    conditions: [],
  };
  return statementCovers(statement, action, resource);
}

/**
 * `allow "A" on "R"` over a set of documents (one managed policy, or every identity policy of a
 * principal): some Allow statement covers (A, R), conditions or not, and no Deny statement without
 * conditions covers it. A conditional Deny might not apply, so it does not cancel.
 */
export function documentsAllow(docs: readonly PolicyDocument[], action: string, resource: string): boolean {
  let allowed = false;
  for (const doc of docs) {
    for (const s of doc.statements) {
      switch (s.effect) {
        case 'Allow':
          if (!allowed && statementCovers(s, action, resource)) allowed = true;
          break;
        case 'Deny':
          if (s.conditions.length === 0 && statementCovers(s, action, resource)) return false;
          break;
      }
    }
  }
  return allowed;
}

function statementTrusts(s: PolicyStatement, principal: string): boolean {
  if (s.effect !== 'Allow') return false;
  if (s.principal !== null) {
    if (!principalNames(s.principal, principal)) return false;
    return s.notPrincipal === null || !principalNames(s.notPrincipal, principal);
  }
  // Allow with NotPrincipal trusts everyone it does not exclude; for "*" that is public unless
  // the exclusion is itself everyone.
  return s.notPrincipal !== null && !principalNames(s.notPrincipal, principal);
}

/**
 * `trust "P"`: some Allow statement's Principal names P, where P is `*` (public), a 12-digit account
 * id (the id, its root ARN or any principal ARN in that account), an ARN (exact, case-sensitive except
 * the service field, globs in the policy honoured), a service principal, or a federated provider given
 * by host (`token.actions.githubusercontent.com`) or ARN. A public principal names every P.
 * Actions and conditions of the statement are not consulted.
 */
export function documentTrusts(doc: PolicyDocument, principal: string): boolean {
  for (const s of doc.statements) if (statementTrusts(s, principal)) return true;
  return false;
}

/** The Allow statements of a trust policy that name `principal` (same rules as documentTrusts). */
export function trustingStatements(doc: PolicyDocument, principal: string): readonly PolicyStatement[] {
  return doc.statements.filter((s) => statementTrusts(s, principal));
}
