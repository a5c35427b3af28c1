import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../src/model/index.ts';
import { checkOrganizationPolicy, MAX_ORGANIZATION_POLICY_CHARACTERS, type OrganizationPolicyProblem, type OrganizationPolicyType } from '../../src/model/policy-document/organization-policy.ts';
import { sharedData } from '../support/shared-data.ts';
import { ACCOUNT, snapshotData } from './fixtures.ts';

/** `line:column severity message`, one per problem: what a reader of the messages sees. */
function brief(content: unknown, type: OrganizationPolicyType = 'scp', awsManaged = false): string[] {
  return checkOrganizationPolicy(content, type, { awsManaged }).problems.map((p) => `${p.at === null ? '-' : `${p.at.line}:${p.at.column}`} ${p.severity} ${p.message}`);
}

const doc = (...statements: readonly object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
const DENY_LEAVE = { Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' };
const RCP_DENY = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } };

describe('SCP content as Organizations checks it', () => {
  it('accepts Allow and Deny statements with every documented element, Allow with conditions and NotAction included', () => {
    const text = doc(
      DENY_LEAVE,
      { Sid: 'Regions', Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], NotResource: 'arn:aws:s3:::logs/*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } },
      { Effect: 'Allow', Action: 'ec2:*', Resource: 'arn:aws:ec2:*:*:instance/*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' } } },
      { Effect: 'Allow', NotAction: 'iam:*' },
    );
    const check = checkOrganizationPolicy(text, 'scp');
    expect(check.problems).toEqual([]);
    expect(check.document?.statements).toHaveLength(4);
  });

  it('refuses Principal and NotPrincipal, pointing at the element inside the text', () => {
    const text = doc({ ...DENY_LEAVE, Principal: '*' }, { ...DENY_LEAVE, NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } });
    expect(brief(text)).toEqual(['8:7 error `Statement[0]` has `Principal`, which SCPs do not take', '14:7 error `Statement[1]` has `NotPrincipal`, which SCPs do not take']);
    expect(checkOrganizationPolicy(text, 'scp').document).toBeNull();
  });

  it('locates unknown elements, bad effects, malformed actions and both Action and NotAction', () => {
    const text =
      '{"Version":"2012-10-17","Statement":[\n{"Effect":"Deny","Actions":"s3:*"},\n{"Effect":"deny","Action":["s3GetObject",3]},\n{"Effect":"Deny","Action":"*","NotAction":"iam:*","Resource":"*","NotResource":"x"}]}';
    expect(brief(text)).toEqual([
      '2:1 error `Statement[0]` has no `Action` or `NotAction`',
      '2:18 error unknown element `Actions` in `Statement[0]`',
      '3:11 error `Statement[1].Effect` must be `Allow` or `Deny`, found `deny`',
      '3:28 error `Statement[1].Action[0]` `s3GetObject` is not `service:action` or `*`',
      '3:42 error `Statement[1].Action[1]` must be a string, found `3`',
      '4:31 error `Statement[2]` has both `Action` and `NotAction`',
      '4:66 error `Statement[2]` has both `Resource` and `NotResource`',
    ]);
  });

  it('names comments, trailing commas and duplicate keys where they are', () => {
    expect(brief('{\n  "Version": "2012-10-17", // the only version\n  "Statement": []\n}')).toEqual(['2:28 error a comment: JSON has none, and AWS rejects the policy']);
    expect(brief('{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Deny", "Action": ["s3:*",], "Resource": "*"}]\n}')).toEqual(['3:53 error a trailing comma before `]`: AWS rejects the policy']);
    expect(brief('{"Version":"2012-10-17",\n"Statement":{"Effect":"Deny","Action":"s3:*","Effect":"Allow"}}')).toEqual(['2:46 error duplicate key `Effect` in `Statement` (the first is at line 2, column 14)']);
  });

  it('holds Version to 2012-10-17: another value is an error, none a warning', () => {
    expect(brief(JSON.stringify({ Version: '2008-10-17', Statement: DENY_LEAVE }))).toEqual(['1:12 error `Version` must be `2012-10-17`, found `2008-10-17`']);
    const missing = checkOrganizationPolicy(JSON.stringify({ Statement: DENY_LEAVE }), 'scp');
    expect(missing.problems.map((p) => p.severity)).toEqual(['warning']);
    expect(missing.document).not.toBeNull();
  });

  it('counts every character against the 5,120 limit, whitespace too, and says when minifying fits', () => {
    const statements = Array.from({ length: 40 }, (_, i) => ({ Sid: `S${i}`, ...DENY_LEAVE }));
    const pretty = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 8);
    const compact = JSON.stringify({ Version: '2012-10-17', Statement: statements });
    expect(pretty.length).toBeGreaterThan(MAX_ORGANIZATION_POLICY_CHARACTERS);
    expect(compact.length).toBeLessThanOrEqual(MAX_ORGANIZATION_POLICY_CHARACTERS);
    const [problem] = checkOrganizationPolicy(pretty, 'scp').problems;
    expect(problem?.message).toBe(`the content has ${pretty.length.toLocaleString('en-US')} characters; Organizations allows at most 5,120, whitespace included`);
    expect(problem?.hint).toMatch(/^without the whitespace outside strings it has [\d,]+: minify it/);
    expect(checkOrganizationPolicy(compact, 'scp').problems).toEqual([]);
    // Exactly at the limit is accepted; one character more is not.
    const padded = (n: number): string => `${compact.slice(0, -1)}${' '.repeat(n - compact.length)}}`;
    expect(checkOrganizationPolicy(padded(5120), 'scp').problems).toEqual([]);
    expect(checkOrganizationPolicy(padded(5121), 'scp').problems).toHaveLength(1);
  });

  it('checks decoded content (an object) without positions, its compact size as the least AWS counted', () => {
    expect(brief({ Version: '2012-10-17', Statement: { ...DENY_LEAVE, Principal: '*' } })).toEqual(['- error `Statement` has `Principal`, which SCPs do not take']);
    expect(brief({ Version: '2012-10-17', Statement: { ...DENY_LEAVE, Resource: 'x'.repeat(6000) } })[0]).toMatch(/^- error the content has 6,\d{3} characters/);
  });

  it('warns on empty lists: AWS matches nothing, guard reads the policy as unknown', () => {
    expect(brief(doc({ Effect: 'Deny', Action: [], Resource: '*' }))).toEqual(['6:17 warning `Statement[0].Action` is an empty list: AWS reads it as matching nothing, guard reads the policy as unknown']);
  });
});

describe('RCP content as Organizations checks it', () => {
  it('accepts Deny statements with Principal "*" on the services RCPs cover', () => {
    expect(checkOrganizationPolicy(doc(RCP_DENY, { ...RCP_DENY, Action: ['sts:AssumeRole', 'kms:Decrypt'], Resource: undefined, NotResource: 'arn:aws:kms:*:*:key/k' }), 'rcp').problems).toEqual([]);
  });

  it('requires Principal "*", refuses NotAction and NotPrincipal, and Allow except in the AWS-managed RCPFullAWSAccess', () => {
    const text = doc(
      { Effect: 'Deny', Action: 's3:*', Resource: '*' },
      { ...RCP_DENY, Principal: { AWS: '*' } },
      { Effect: 'Deny', Principal: '*', NotAction: 's3:*', NotPrincipal: '*' },
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
    );
    expect(brief(text, 'rcp').map((m) => m.replace(/^\S+ /, ''))).toEqual([
      'error `Statement[0]` has no `Principal`: an RCP statement must have `"Principal": "*"`',
      'error `Statement[1].Principal` must be `"*"`, found an object',
      'error `Statement[2]` has no `Action`',
      'error `Statement[2]` has `NotAction`, which RCPs do not take',
      'error `Statement[2]` has `NotPrincipal`, which RCPs do not take',
      'error `Statement[3]` allows: RCPs only deny (only the AWS-managed `RCPFullAWSAccess` has `Allow`)',
    ]);
    const fullAccess = doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' });
    expect(checkOrganizationPolicy(fullAccess, 'rcp', { awsManaged: true }).problems).toEqual([]);
  });

  it('warns that an action of a service RCPs do not cover restricts nothing', () => {
    expect(brief(doc({ ...RCP_DENY, Action: ['s3:GetObject', 'ec2:RunInstances'] }), 'rcp')).toEqual([
      '9:9 warning `Statement[0].Action[1]` `ec2:RunInstances` is an action of a service RCPs do not apply to: it restricts nothing',
    ]);
  });
});

describe('SCPs and RCPs in a snapshot', () => {
  const withPolicy = (content: unknown, type = 'SERVICE_CONTROL_POLICY') => {
    const data = snapshotData();
    data['organizations'] = {
      accounts: [{ Id: ACCOUNT, ParentId: 'r-abcd' }],
      policies: [{ PolicySummary: { Id: 'p-abc12345', Arn: 'arn:aws:organizations::1:policy/p-abc12345', Name: 'deny-leave', Type: type }, Content: content, Targets: [] }],
    };
    return parseSnapshot(JSON.stringify(data), 'test.json');
  };

  it('an invalid one is an error of the snapshot naming the policy, its line and column, and the path', () => {
    const outcome = withPolicy(doc({ ...DENY_LEAVE, Principal: '*' }));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors.map((e) => ({ path: e.path, message: e.message }))).toEqual([
      { path: 'organizations.policies[0].Content', message: 'SCP `p-abc12345` (`deny-leave`), line 8, column 7 of its content: `Statement[0]` has `Principal`, which SCPs do not take' },
    ]);
  });

  it('a valid one is handed to normalization; a warning does not stop the snapshot', () => {
    expect(withPolicy(doc(DENY_LEAVE)).ok).toBe(true);
    const rcp = withPolicy(doc({ ...RCP_DENY, Action: 'ec2:RunInstances' }), 'RESOURCE_CONTROL_POLICY');
    expect(rcp.ok).toBe(true);
    expect(rcp.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^RCP `p-abc12345` \(`deny-leave`\), line 7, column 17 of its content: `Statement\[0\]\.Action`/)]);
  });
});

// ../shared/data/scp-examples: 167 published policies (156 SCPs, 9 RCPs, 2 resource-based ones,
// which are not Organizations policies) and 3 published texts that are not valid JSON.
const corpus = sharedData('scp-examples');

describe.skipIf(corpus === null)('the scp-examples corpus', () => {
  if (corpus === null) return;
  interface Entry {
    readonly file: string;
    readonly source: string;
    readonly policy_type: 'SCP' | 'RCP' | 'RESOURCE_BASED';
  }
  const index = JSON.parse(readFileSync(join(corpus, 'index.json'), 'utf8')) as { policies: Entry[]; not_extracted: { raw_text_file?: string }[] };
  // ScaleSec (HCL) and cloudposse (YAML) publish no JSON: their policies reach AWS through
  // Terraform's jsonencode, which writes compact JSON. The corpus re-indented them, so they are
  // checked in the form AWS receives; every other source published the JSON itself.
  const published = (entry: Entry, text: string): string => (entry.source === 'scalesec' || entry.source === 'cloudposse' ? JSON.stringify(JSON.parse(text)) : text);

  it('has the published counts', () => {
    expect(index.policies.filter((p) => p.policy_type !== 'RESOURCE_BASED')).toHaveLength(165);
    expect(index.not_extracted.filter((p) => p.raw_text_file !== undefined)).toHaveLength(3);
  });

  it('every SCP and RCP validates as its type, without errors', () => {
    const failures: string[] = [];
    for (const entry of index.policies) {
      if (entry.policy_type === 'RESOURCE_BASED') continue;
      const text = published(entry, readFileSync(join(corpus, entry.file), 'utf8'));
      const check = checkOrganizationPolicy(text, entry.policy_type === 'SCP' ? 'scp' : 'rcp');
      if (check.document === null) failures.push(`${entry.file}: ${check.problems.map((p) => p.message).join('; ')}`);
      else if (check.problems.length > 0) failures.push(`${entry.file} warns: ${check.problems.map((p) => p.message).join('; ')}`);
    }
    expect(failures).toEqual([]);
  });

  it('the resource-based policies are not SCPs: they name a Principal', () => {
    for (const entry of index.policies.filter((p) => p.policy_type === 'RESOURCE_BASED')) {
      const problems = checkOrganizationPolicy(readFileSync(join(corpus, entry.file), 'utf8'), 'scp').problems;
      expect(
        problems.some((p) => p.message.includes('has `Principal`, which SCPs do not take')),
        entry.file,
      ).toBe(true);
    }
  });

  it('each invalid one fails with its located message', () => {
    const raw = (file: string): string => readFileSync(join(corpus, 'invalid', file), 'utf8');
    expect(brief(raw('aws-samples-scp-examples/deny-service-specific-credential-by-type.txt'))).toEqual(['15:13 error a comment: JSON has none, and AWS rejects the policy']);
    for (const file of ['primeharbor/Sec-ProtectKMSandSecrets.txt', 'primeharbor/Sec-ProtectKMSandSecrets-2.txt']) {
      expect(brief(raw(file), 'rcp'), file).toEqual(['10:22 error a trailing comma before `]`: AWS rejects the policy']);
    }
  });
});

describe('laws', () => {
  /** Every position lies inside the text, and its line and column agree with its offset. */
  const inText = (text: string, p: OrganizationPolicyProblem): boolean => {
    if (p.at === null || p.offset === null) return p.at === null && p.offset === null;
    if (p.offset < 0 || p.offset > text.length) return false;
    const before = text.slice(0, p.offset);
    const line = before.split('\n').length;
    const column = p.offset - (before.lastIndexOf('\n') + 1) + 1;
    return p.at.line === line && p.at.column === column;
  };
  const isJson = (text: string): boolean => {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  };
  const policyLike = fc
    .record(
      {
        Version: fc.constantFrom('2012-10-17', '2008-10-17', 1),
        Id: fc.string(),
        Statement: fc.oneof(
          fc.array(fc.dictionary(fc.constantFrom('Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition', 'Actoin'), fc.jsonValue())),
          fc.jsonValue(),
        ),
      },
      { requiredKeys: [] },
    )
    .chain((value) => fc.tuple(fc.constant(value), fc.nat(8), fc.nat(), fc.constantFrom('', ',', '//', '/*', '"', '}', ' ')))
    // Pretty-printed at some indent, sometimes with a few characters spliced in somewhere.
    .map(([value, indent, at, splice]) => {
      const text = JSON.stringify(value, null, indent);
      const i = at % (text.length + 1);
      return `${text.slice(0, i)}${splice}${text.slice(i)}`;
    });

  it('never throws, and every position lies within the text, on arbitrary strings and policy-like texts', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.json(), policyLike), fc.constantFrom<OrganizationPolicyType>('scp', 'rcp'), (text, type) => {
        const check = checkOrganizationPolicy(text, type);
        for (const p of check.problems) expect(inText(text, p), JSON.stringify(p)).toBe(true);
        // In valid JSON a located element problem points at the element itself: a key, or a value's first character.
        if (isJson(text)) for (const p of check.problems) if (p.offset !== null) expect(' \t\r\n,:]}'.includes(text.charAt(p.offset)), JSON.stringify(p)).toBe(false);
        // A document comes back exactly when there is no error.
        expect(check.document === null).toBe(check.problems.some((p) => p.severity === 'error'));
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary decoded values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        checkOrganizationPolicy(value, 'scp');
      }),
      { numRuns: 200 },
    );
  });
});
