import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/collect/json-value.ts';
import { decodeAuthorizationDetails, decodePolicyDocument } from '../../src/collect/policy-documents.ts';

const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::a b+c/%41*', Condition: { StringLike: { 'aws:userid': 'x+y@example.com' } } }] };

// IAM encodes documents as RFC 3986 (spaces as %20, `+` as %2B); Python's quote() is the reference form.
const iamEncode = (value: unknown): string => encodeURIComponent(JSON.stringify(value));

describe('decodePolicyDocument', () => {
  it('decodes the URL-encoded form IAM returns', () => {
    expect(decodePolicyDocument(iamEncode(document))).toEqual(document);
  });

  it('accepts plain JSON strings and objects', () => {
    expect(decodePolicyDocument(JSON.stringify(document))).toEqual(document);
    expect(decodePolicyDocument(document)).toEqual(document);
  });

  it('keeps what is not a policy document as it was, for validation to point at', () => {
    expect(decodePolicyDocument('%E0%A4%A')).toBe('%E0%A4%A');
    expect(decodePolicyDocument('not json')).toBe('not json');
    expect(decodePolicyDocument('[1,2]')).toBe('[1,2]');
  });

  it('round-trips any JSON object through the URL-encoded and the JSON string forms', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
        const expected: unknown = JSON.parse(JSON.stringify(object));
        expect(decodePolicyDocument(iamEncode(object))).toEqual(expected);
        expect(decodePolicyDocument(JSON.stringify(object))).toEqual(expected);
      }),
    );
  });
});

describe('decodeAuthorizationDetails', () => {
  it('decodes every document in the four lists, instance profile roles included', () => {
    const encoded = iamEncode(document);
    const details = {
      UserDetailList: [{ UserName: 'u', UserPolicyList: [{ PolicyName: 'p', PolicyDocument: encoded }] }],
      GroupDetailList: [{ GroupName: 'g', GroupPolicyList: [{ PolicyName: 'p', PolicyDocument: encoded }] }],
      RoleDetailList: [
        {
          RoleName: 'r',
          AssumeRolePolicyDocument: encoded,
          RolePolicyList: [{ PolicyName: 'p', PolicyDocument: encoded }],
          InstanceProfileList: [{ InstanceProfileName: 'ip', Roles: [{ RoleName: 'r', AssumeRolePolicyDocument: encoded }] }],
        },
      ],
      Policies: [{ PolicyName: 'm', PolicyVersionList: [{ VersionId: 'v1', Document: encoded }] }],
    } satisfies Record<string, JsonObject[]>;
    const decoded = JSON.stringify(decodeAuthorizationDetails(details));
    expect(decoded).not.toContain('%22');
    expect(decoded.split('"Statement"')).toHaveLength(7);
  });
});
