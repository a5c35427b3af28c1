import { describe, it } from 'vitest';

// Ground truth on the iam-vulnerable account (../shared/data/privesc/iam-vulnerable/scenarios.json):
// every exploitable principal gets a perm.privilege-escalation finding from the real binary, no fp*
// principal does. Not written in time: wt-escalation's own test (test/model/permissions/) holds
// escalationsOf to these labels; this one must run `node bin/guard.js eval policies/... -f json`
// on the wrapped dump.
describe('perm.privilege-escalation on the iam-vulnerable account', () => {
  it.todo('flags every exploitable principal and no fp* principal, through the CLI');
});
