import { type AttributeSpec, COLLECTIONS, ENTITY_TYPES, type Entity, type EntityType, type EntityTypeSpec, type Model, UNKNOWN, type Value } from '../model/index.ts';
import type { Schema } from '../semantics/index.ts';

/**
 * What `for all accounts where <condition>` reads: the snapshot's account (its own attributes,
 * `in organization`, `management account`, ...) plus every collection as an attribute of it, so the
 * condition is an ordinary guard condition checked and compiled by the normal pipeline:
 *
 *   for all accounts where root mfa and no access keys where root, expect ...
 *   for all accounts where any users where console access and not mfa, expect ...
 *
 * Singletons are links (`root`, `password policy`, `organization`), the others lists. Where an
 * account attribute and a collection share a name (`scps`, `rcps`), the account's own attribute wins.
 */

const ACCOUNT: EntityType = 'account';

function collectionAttributes(): AttributeSpec[] {
  const own = new Set(ENTITY_TYPES.account.attributes.flatMap((a) => [a.name, ...(a.aliases ?? [])]));
  const out: AttributeSpec[] = [];
  for (const c of COLLECTIONS) {
    if (own.has(c.name) || c.name === 'account') continue;
    out.push({
      name: c.name,
      type: c.singleton ? { kind: 'link', target: c.entityType } : { kind: 'links', target: c.entityType },
      doc: `every entity of \`${c.name.replace(/_/g, ' ')}\` in the account`,
      sections: [],
      ...(c.aliases === undefined ? {} : { aliases: c.aliases }),
    });
  }
  return out;
}

const VIEW_ATTRIBUTES: readonly AttributeSpec[] = collectionAttributes();

const ACCOUNT_VIEW: EntityTypeSpec = { ...ENTITY_TYPES.account, attributes: [...ENTITY_TYPES.account.attributes, ...VIEW_ATTRIBUTES] };

/** The schema property conditions are checked against: the normal one, with the account type widened. */
export const ACCOUNT_VIEW_SCHEMA: Schema = { collections: COLLECTIONS, entityTypes: { ...ENTITY_TYPES, [ACCOUNT]: ACCOUNT_VIEW } };

/** The entity a property condition is evaluated on. */
export function accountView(model: Model): Entity {
  const account = model.collections['account']?.entities[0];
  // INVARIANT: normalizeSnapshot always builds the account singleton.
  if (account === undefined) throw new Error('accountView: the model has no account');
  const attrs: Record<string, Value> = { ...account.attrs };
  for (const spec of VIEW_ATTRIBUTES) {
    const collection = model.collections[spec.name];
    if (collection === undefined || !collection.known) attrs[spec.name] = UNKNOWN;
    else attrs[spec.name] = spec.type.kind === 'link' ? (collection.entities[0] ?? null) : collection.entities;
  }
  return { ...account, attrs };
}
