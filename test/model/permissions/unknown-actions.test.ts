import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionCatalog } from '../../../src/model/permissions/catalog.ts';
import { isKnownAction, unknownActions } from '../../../src/model/permissions/unknown-actions.ts';
import { isPolicyDocumentError, parsePolicyDocument } from '../../../src/model/policy-document/parse.ts';
import type { PolicyDocument } from '../../../src/model/policy-document/types.ts';

const catalog = actionCatalog();

function doc(...statements: object[]): PolicyDocument {
  const parsed = parsePolicyDocument({ Version: '2012-10-17', Statement: statements });
  if (isPolicyDocumentError(parsed)) throw new Error(parsed.error);
  return parsed;
}

describe('unknownActions', () => {
  it('reports misspelt names, patterns matching nothing and unknown services, once each, as written, in order', () => {
    const documents = [
      doc({ Effect: 'Allow', Action: ['iam:CreateAcessKey', 's3:GetObject', 's3:GetObjekt*'], Resource: '*' }, { Effect: 'Deny', NotAction: ['notaservice:*', 'IAM:CREATEACESSKEY'], Resource: '*' }),
      doc({ Effect: 'Allow', Action: 'iam:CreateAcessKey', Resource: '*' }, { Effect: 'Allow', Action: ['ec2:Describe*', 'ec2:Descrbe*'], Resource: '*' }),
    ];
    expect(unknownActions(documents, catalog)).toEqual(['iam:CreateAcessKey', 's3:GetObjekt*', 'notaservice:*', 'ec2:Descrbe*']);
  });

  it('knows *, service:* of a known service, catalog names in any case and patterns that match', () => {
    const known = ['*', '**', 'iam:*', 'IAM:*', 's3:*', 'iam:createaccesskey', 'Iam:Put*Policy', '*:GetObject', 's?:GetObject', 'sts:GetCallerIdentity'];
    expect(unknownActions([doc({ Effect: 'Allow', Action: known, Resource: '*' })], catalog)).toEqual([]);
    for (const action of known) expect(isKnownAction(action, catalog), action).toBe(true);
    for (const action of ['', 'iam', 'iam:', ':*', 'iam:*:*', 'notaservice:*', '*:NoSuchActionAnywhere']) expect(isKnownAction(action, catalog), action).toBe(false);
  });

  it('ignores trust policies (no Action) and empty documents', () => {
    const trust = doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } });
    expect(unknownActions([trust, doc()], catalog)).toEqual([]);
  });

  it.skipIf(!existsSync(join(import.meta.dirname, '../../../../shared/data/aws-managed-policies/policies')))('on the AWS managed policies: reports exactly the entries that match no catalog action', () => {
    const dir = join(import.meta.dirname, '../../../../shared/data/aws-managed-policies/policies');
    const documents = readdirSync(dir).map((file) => {
      const parsed = parsePolicyDocument(JSON.parse(readFileSync(join(dir, file), 'utf8')).document);
      if (isPolicyDocumentError(parsed)) throw new Error(`${file}: ${parsed.error}`);
      return parsed;
    });
    expect(documents.length).toBeGreaterThan(1600);
    const unknown = unknownActions(documents, catalog);
    const reported = new Set(unknown.map((a) => a.toLowerCase()));
    expect(reported.size).toBe(unknown.length);
    const written = documents.flatMap((d) => d.statements.flatMap((s) => [...(s.actions ?? []), ...(s.notActions ?? [])]));
    for (const action of new Set(written)) expect(reported.has(action.toLowerCase()), action).toBe(catalog.expand(action).length === 0 && !/^\*+$/.test(action));
    // Services AWS has retired still appear in (deprecated) managed policies.
    expect(unknown).toContain('deepracer:*');
  });

  it('property: a catalog action in any case is known; a changed action name is reported unless it is one', () => {
    const all = catalog.expand('*');
    fc.assert(
      fc.property(fc.nat(all.length - 1), fc.string({ minLength: 1, maxLength: 3, unit: fc.constantFrom('q', 'x', 'z', 'Q') }), (i, junk) => {
        const name = all[i]?.name ?? '';
        const changed = `${name}${junk}`;
        expect(unknownActions([doc({ Effect: 'Allow', Action: [name.toUpperCase()], Resource: '*' })], catalog)).toEqual([]);
        const expected = catalog.lookup(changed) === undefined ? [changed] : [];
        expect(unknownActions([doc({ Effect: 'Allow', Action: [changed], Resource: '*' })], catalog)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});
