import { describe, expect, it } from 'vitest';
import { type Entity, UNKNOWN, type Value } from '../../../src/model/index.ts';
import { chainGap, controlChain } from '../../../src/model/permissions/guardrails.ts';

// Every way an account's SCP chain can lack a part, on entities made by hand (what normalization
// would make of a snapshot missing that part): the chain is UNKNOWN, never an empty chain, and
// chainGap names the part. A chain that is known has no gap.

// Only whether a policy's documents are there matters here, not what they say.
const DOCUMENTS: Value = [];

function entity(type: Entity['type'], name: string, attrs: Record<string, Value>): Entity {
  return { type, name, key: `${type}/${name}`, arn: null, owner: null, attrs };
}

const scp = (name: string, permissions: Value = DOCUMENTS): Entity => entity('scp', name, { id: `p-${name}`, permissions });
const root = (scps: Value = [scp('full')]): Entity => entity('organizational-unit', 'Root', { root: true, path: 'Root', scps, rcps: [] });
const ou = (path: string, parent: Value, scps: Value = [scp('full')]): Entity => entity('organizational-unit', path.split('/').pop() ?? path, { root: false, path, parent, scps, rcps: [] });

function account(attrs: Record<string, Value>): Entity {
  return entity('account', 'prod', { id: '111122223333', in_organization: true, management_account: false, scps: [scp('full')], rcps: [], parent: ou('Root/Prod', root()), ...attrs });
}

describe('chainGap', () => {
  it('is null for a known chain, and for an account the chain does not apply to', () => {
    expect(chainGap(account({}), 'scp')).toBeNull();
    expect(chainGap(account({ management_account: true }), 'scp')).toBeNull();
    expect(chainGap(account({ in_organization: false }), 'scp')).toBeNull();
    expect(controlChain(account({ in_organization: false }), 'scp')).toEqual({ kind: 'outside' });
  });

  const cases: readonly (readonly [string, Record<string, Value>, string])[] = [
    [
      'the organizations section',
      { in_organization: UNKNOWN },
      'the `organizations` section was not collected, so whether account prod (111122223333) is in an organization, and the SCPs that bound it, are unknown; an account in no organization has `"organizations": null`',
    ],
    ['whether it is the management account', { management_account: UNKNOWN }, "the snapshot does not say whether account prod (111122223333) is the organization's management account, which SCPs do not bound"],
    ["the account's own SCPs", { scps: UNKNOWN }, 'the SCPs attached to account prod (111122223333) were not collected'],
    ['its parent', { parent: UNKNOWN }, 'the OU or root above account prod (111122223333) is not in the snapshot'],
    ["an OU's parent", { parent: ou('Root/Prod', UNKNOWN) }, 'the OU or root above Root/Prod is not in the snapshot'],
    ['a parent that is no OU', { parent: ou('Root/Prod', 'ou-ab12-unresolved') }, 'the OU or root above Root/Prod is not in the snapshot'],
    ["an OU's SCPs", { parent: ou('Root/Prod', root(), UNKNOWN) }, 'the SCPs attached to Root/Prod were not collected'],
    ["the root's SCPs", { parent: ou('Root/Prod', root(UNKNOWN)) }, 'the SCPs attached to Root were not collected'],
    ["an SCP's content", { parent: ou('Root/Prod', root([scp('full'), scp('deny-leave', UNKNOWN)])) }, 'the content of SCP p-deny-leave deny-leave (attached to Root) is not in the snapshot'],
  ];
  for (const [what, attrs, gap] of cases) {
    it(`names ${what} when it is missing, and the chain is unknown`, () => {
      const a = account(attrs);
      expect(controlChain(a, 'scp')).toBe(UNKNOWN);
      expect(chainGap(a, 'scp')).toBe(gap);
    });
  }

  it('names a tree with no root within 64 levels (a cycle in a malformed snapshot)', () => {
    const attrs: Record<string, Value> = { root: false, path: 'Root/Loop', scps: [scp('full')], rcps: [] };
    const loop: Entity = entity('organizational-unit', 'Loop', attrs);
    attrs['parent'] = loop;
    const a = account({ parent: loop });
    expect(controlChain(a, 'scp')).toBe(UNKNOWN);
    expect(chainGap(a, 'scp')).toBe('the OU tree above account prod (111122223333) reaches no root within 64 levels');
  });

  it('says RCPs for the RCP chain, and names the account by id alone when it has no other name', () => {
    const a = entity('account', '111122223333', { id: '111122223333', in_organization: true, management_account: false, scps: [], rcps: UNKNOWN, parent: root() });
    expect(chainGap(a, 'rcp')).toBe('the RCPs attached to account 111122223333 were not collected');
    expect(chainGap(entity('user', 'alice', {}), 'scp')).toBe('user alice is not an account');
    // Without an id the name stands alone; an OU without a path is named by its name.
    expect(chainGap(entity('account', 'prod', { in_organization: UNKNOWN }), 'scp')).toMatch(/^the `organizations` section was not collected, so whether account prod is in/);
    const unnamed = entity('organizational-unit', 'Sandbox', { root: false, scps: UNKNOWN, rcps: [], parent: root() });
    expect(chainGap(account({ parent: unnamed }), 'scp')).toBe('the SCPs attached to Sandbox were not collected');
  });
});
