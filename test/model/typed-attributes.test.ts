import { describe, expect, it } from 'vitest';
import { type AttributeName, ENTITY_TYPES, type EntityAttributes, UNKNOWN } from '../../src/model/index.ts';
import { ATTRIBUTES_BY_TYPE } from '../../src/model/schema.ts';

// Compile-time laws (tsc checks this file): the attribute record of a type is derived from the
// schema table, so a normalizer that forgets, misnames or mistypes an attribute does not compile.
type UserAttributes = EntityAttributes<'user'>;
const forgotten: Omit<UserAttributes, 'mfa'> = {} as Omit<UserAttributes, 'mfa'>;
// @ts-expect-error: `mfa` is missing
const missing: UserAttributes = forgotten;
const misnamed: Pick<EntityAttributes<'access-key'>, 'active'> = {
  active: true,
  // @ts-expect-error: no such attribute
  actve: true,
};
const mistyped: Pick<EntityAttributes<'policy'>, 'attachment_count'> = {
  // @ts-expect-error: a number attribute
  attachment_count: '3',
};
const unknownOrNull: Pick<EntityAttributes<'role'>, 'last_used' | 'description'> = { last_used: UNKNOWN, description: null };
// @ts-expect-error: not a statement attribute
const notAName: AttributeName<'statement'> = 'mfa';

describe('the typed attribute table', () => {
  it('is the schema: the same attributes, in order, for every concrete entity type', () => {
    for (const [type, list] of Object.entries(ATTRIBUTES_BY_TYPE)) {
      expect(list.map((a) => a.name)).toEqual(ENTITY_TYPES[type as keyof typeof ATTRIBUTES_BY_TYPE].attributes.map((a) => a.name));
    }
    expect(Object.keys(ATTRIBUTES_BY_TYPE).sort()).toEqual(
      Object.keys(ENTITY_TYPES)
        .filter((t) => t !== 'identity')
        .sort(),
    );
    expect([missing, misnamed, mistyped, unknownOrNull, notAName]).toHaveLength(5);
  });
});
