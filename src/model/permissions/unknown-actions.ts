/**
 * Actions in policies that the IAM action catalog does not know: a misspelt name, a pattern that
 * matches nothing, an unknown service, or an action newer than the installed catalog. They are
 * reported, never dropped (issue 13), so a policy naming them is not silently read as granting less.
 */
import type { PolicyDocument } from '../policy-document/types.ts';
import type { ActionCatalog } from './types.ts';

/** Is the action or pattern one the catalog knows: `*`, `service:*` of a known service, or one matching some catalog action. */
export function isKnownAction(action: string, catalog: ActionCatalog): boolean {
  if (/^\*+$/.test(action) || catalog.expand(action).length > 0) return true;
  // `service:*` of a known service is known even if the catalog listed no action for it.
  const colon = action.indexOf(':');
  return colon > 0 && /^\*+$/.test(action.slice(colon + 1)) && catalog.services().includes(action.slice(0, colon).toLowerCase());
}

/**
 * Every entry of `Action` and `NotAction` of the documents that matches no catalog action, once each
 * (entries differing only in case are one: IAM compares actions case-insensitively), as first
 * written, in document and statement order.
 */
export function unknownActions(documents: readonly PolicyDocument[], catalog: ActionCatalog): readonly string[] {
  const seen = new Set<string>();
  const unknown: string[] = [];
  for (const document of documents) {
    for (const statement of document.statements) {
      for (const action of [...(statement.actions ?? []), ...(statement.notActions ?? [])]) {
        const key = action.toLowerCase();
        if (seen.has(key)) continue;
        seen.add(key);
        if (!isKnownAction(action, catalog)) unknown.push(action);
      }
    }
  }
  return unknown;
}
