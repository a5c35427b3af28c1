import { describe, expect, it } from 'vitest';
import { arnMatches, evaluateCondition, evaluateConditions } from '../../../src/model/permissions/conditions.ts';
import { FALSE, TRUE, UNDECIDED } from '../../../src/model/permissions/context-keys.ts';
import { substitute } from '../../../src/model/permissions/variables.ts';
import { NOW, roleContext, userContext } from './support.ts';

const alice = userContext('alice', { tags: new Map([['team', 'blue']]) });
const role = roleContext('ci', { tags: new Map([['team', 'red']]) });
const V = '2012-10-17';
const cond = (operator: string, key: string, ...values: string[]) => ({ operator, key, values });
const at = (operator: string, key: string, values: string[], p = alice, version: string | null = V) => evaluateCondition(cond(operator, key, ...values), p, version);

describe('conditions, by operator family', () => {
  it.each([
    ['StringEquals', 'aws:username', ['alice'], TRUE],
    ['StringEquals', 'aws:username', ['bob', 'alice'], TRUE],
    ['StringEquals', 'aws:USERNAME', ['Alice'], FALSE],
    ['StringNotEquals', 'aws:username', ['bob'], TRUE],
    ['StringEqualsIgnoreCase', 'aws:username', ['ALICE'], TRUE],
    ['StringNotEqualsIgnoreCase', 'aws:username', ['ALICE'], FALSE],
    ['StringLike', 'aws:PrincipalTag/team', ['bl?e'], TRUE],
    ['StringNotLike', 'aws:PrincipalTag/team', ['b*'], FALSE],
    ['ArnLike', 'aws:PrincipalArn', ['arn:aws:iam::*:user/*'], TRUE],
    ['ArnEquals', 'aws:PrincipalArn', ['arn:aws:iam::*:role/*'], FALSE],
    ['ArnNotLike', 'aws:PrincipalArn', ['arn:aws:iam::*:role/*'], TRUE],
    ['NumericLessThan', 'aws:EpochTime', [String(NOW / 1000 + 1)], TRUE],
    ['NumericGreaterThanEquals', 'aws:EpochTime', [String(NOW / 1000 + 1)], FALSE],
    ['NumericEquals', 'aws:EpochTime', ['not-a-number'], FALSE],
    ['DateGreaterThan', 'aws:CurrentTime', ['2020-01-01T00:00:00Z'], TRUE],
    ['DateLessThanEquals', 'aws:CurrentTime', ['1577836800'], FALSE],
    ['Bool', 'aws:MultiFactorAuthPresent', ['true'], UNDECIDED],
    ['Bool', 'aws:PrincipalTag/team', ['BLUE'], TRUE],
    ['BinaryEquals', 'aws:username', ['YWxpY2U='], FALSE],
    ['IpAddress', 'aws:SourceIp', ['10.0.0.0/8'], UNDECIDED],
    ['NotIpAddress', 'aws:SourceIp', ['10.0.0.0/8'], UNDECIDED],
    ['StringEquals', 'aws:RequestedRegion', ['us-east-1'], UNDECIDED],
    ['StringEquals', 's3:prefix', ['home/'], UNDECIDED],
    ['StringEqualsMaybe', 'aws:username', ['alice'], UNDECIDED],
  ] as const)('%s %s %j', (op, key, values, expected) => {
    expect(at(op, key, [...values])).toBe(expected);
  });

  it('absent keys: IfExists and negated operators hold, Null tells, set operators differ', () => {
    expect(at('StringEquals', 'aws:PrincipalTag/missing', ['x'])).toBe(FALSE);
    expect(at('StringEqualsIfExists', 'aws:PrincipalTag/missing', ['x'])).toBe(TRUE);
    expect(at('StringNotEquals', 'aws:PrincipalTag/missing', ['x'])).toBe(TRUE);
    expect(at('Null', 'aws:PrincipalTag/missing', ['true'])).toBe(TRUE);
    expect(at('Null', 'aws:PrincipalTag/team', ['true'])).toBe(FALSE);
    expect(at('Null', 'aws:SourceIp', ['true'])).toBe(UNDECIDED);
    expect(at('ForAllValues:StringEquals', 'aws:PrincipalTag/missing', ['x'])).toBe(TRUE);
    expect(at('ForAnyValue:StringEquals', 'aws:PrincipalTag/missing', ['x'])).toBe(FALSE);
    expect(at('ForAnyValue:StringEquals', 'aws:PrincipalTag/team', ['red', 'blue'])).toBe(TRUE);
    expect(at('ForAllValues:StringNotEquals', 'aws:PrincipalTag/team', ['red'])).toBe(TRUE);
    expect(at('StringEquals', 'aws:username', ['ci'], role)).toBe(FALSE);
  });

  it('principal keys of a role: AssumedRole, the role ARN, no user name, an undecided user id', () => {
    expect(at('StringEquals', 'aws:PrincipalType', ['AssumedRole'], role)).toBe(TRUE);
    expect(at('ArnEquals', 'aws:PrincipalArn', ['arn:aws:iam::123456789012:role/ci'], role)).toBe(TRUE);
    expect(at('Null', 'aws:username', ['true'], role)).toBe(TRUE);
    expect(at('StringLike', 'aws:userid', ['AROA*'], role)).toBe(UNDECIDED);
    expect(at('StringEquals', 'aws:userid', ['AIDAALICE'])).toBe(TRUE);
  });

  it('aws:TokenIssueTime lies in the 36 hours before now', () => {
    expect(at('DateLessThan', 'aws:TokenIssueTime', ['2020-01-01T00:00:00Z'], role)).toBe(FALSE);
    expect(at('DateGreaterThan', 'aws:TokenIssueTime', ['2020-01-01T00:00:00Z'], role)).toBe(TRUE);
    expect(at('DateGreaterThan', 'aws:TokenIssueTime', [new Date(NOW - 3_600_000).toISOString()], role)).toBe(UNDECIDED);
    // A user may sign with long-term keys, which carry no token: then a DateGreaterThan fails.
    expect(at('DateGreaterThan', 'aws:TokenIssueTime', ['2020-01-01T00:00:00Z'])).toBe(UNDECIDED);
    expect(at('DateLessThan', 'aws:TokenIssueTime', ['2020-01-01T00:00:00Z'])).toBe(FALSE);
  });

  it('variables in condition values are substituted in 2012-10-17 documents only', () => {
    expect(at('StringEquals', 'aws:PrincipalTag/team', ['${aws:PrincipalTag/team}'])).toBe(TRUE);
    expect(at('StringEquals', 'aws:PrincipalTag/team', ['${aws:PrincipalTag/team}'], alice, '2008-10-17')).toBe(FALSE);
    expect(at('StringEquals', 'aws:PrincipalTag/team', ['${aws:SourceIp}'])).toBe(UNDECIDED);
  });

  it('keys and operators are AND-ed, three-valued', () => {
    expect(evaluateConditions([cond('StringEquals', 'aws:username', 'alice'), cond('Bool', 'aws:MultiFactorAuthPresent', 'true')], alice, V)).toBe(UNDECIDED);
    expect(evaluateConditions([cond('StringEquals', 'aws:username', 'bob'), cond('Bool', 'aws:MultiFactorAuthPresent', 'true')], alice, V)).toBe(FALSE);
    expect(evaluateConditions([], alice, V)).toBe(TRUE);
  });

  it('ARNs match field by field', () => {
    expect(arnMatches('arn:aws:iam::*:user/*', 'arn:aws:iam::123456789012:user/a/b')).toBe(true);
    expect(arnMatches('arn:aws:iam::*', 'arn:aws:iam::123456789012:user/a')).toBe(false);
    expect(arnMatches('arn:aws:s3:::b/*', 'arn:aws:s3:::b/k:with:colons')).toBe(true);
  });
});

describe('variables', () => {
  it('substitutes principal keys, special characters and defaults', () => {
    expect(substitute('arn:aws:s3:::b/${aws:username}/*', alice)).toEqual({ text: 'arn:aws:s3:::b/alice/*', exact: true });
    expect(substitute('${aws:userid}:${aws:PrincipalAccount}:${aws:PrincipalTag/team}:${aws:PrincipalType}', alice).text).toBe('AIDAALICE:123456789012:blue:User');
    expect(substitute('a${*}b${?}c${$}', alice).text).toBe('a*b?c$');
    expect(substitute("home/${aws:username, 'nobody'}", role)).toEqual({ text: 'home/nobody', exact: true });
    expect(substitute('${ AWS:UserName }', alice).text).toBe('alice');
    expect(substitute('no ${end', alice)).toEqual({ text: 'no ${end', exact: true });
  });

  it("an unresolvable variable (a request key, a role's user name) becomes * and makes the match inexact", () => {
    expect(substitute('home/${aws:username}/*', role)).toEqual({ text: 'home/*/*', exact: false });
    expect(substitute('${aws:SourceIdentity}', alice)).toEqual({ text: '*', exact: false });
    expect(substitute("${aws:SourceIdentity, 'x'}", alice)).toEqual({ text: '*', exact: false });
  });
});
