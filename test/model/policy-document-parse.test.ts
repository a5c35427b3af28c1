import { existsSync, readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../src/model/index.ts';
import { parsePolicyDocument } from '../../src/model/index.ts';
import { sharedPath } from './fixtures.ts';

function ok(value: unknown): PolicyDocument {
  const parsed = parsePolicyDocument(value);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed;
}

function reason(value: unknown): string {
  const parsed = parsePolicyDocument(value);
  if (!('error' in parsed)) throw new Error('expected an error');
  return parsed.error;
}

const DOC = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'A', Effect: 'Allow', Action: 's3:GetObject', Resource: ['arn:aws:s3:::b/*'] },
    { Effect: 'Deny', NotAction: ['iam:*'], NotResource: 'arn:aws:iam::*:role/x', Condition: { Bool: { 'aws:MultiFactorAuthPresent': false }, NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 } } },
  ],
};

describe('parsePolicyDocument', () => {
  it('normalizes string-or-list fields and the single-object Statement', () => {
    const doc = ok({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ec2.amazonaws.com' } } });
    expect(doc.statements).toHaveLength(1);
    const s = doc.statements[0]!;
    expect(s.actions).toEqual(['sts:AssumeRole']);
    expect(s.resources).toBeNull();
    expect(s.principal).toEqual({ kind: 'map', aws: [], service: ['ec2.amazonaws.com'], federated: [], canonicalUser: [] });
    expect(s.sid).toBeNull();
  });

  it('reads objects, JSON strings and URL-encoded JSON strings alike', () => {
    const fromObject = ok(DOC);
    expect(ok(JSON.stringify(DOC))).toEqual(fromObject);
    expect(ok(JSON.stringify(DOC, null, 2))).toEqual(fromObject);
    expect(ok(encodeURIComponent(JSON.stringify(DOC)))).toEqual(fromObject);
    // form encoding (spaces as `+`), as some tools write it
    expect(ok(encodeURIComponent(JSON.stringify(DOC, null, 1)).replaceAll('%20', '+'))).toEqual(fromObject);
  });

  it('keeps condition values as text, one condition per operator and key', () => {
    const doc = ok(DOC);
    expect(doc.statements[1]!.conditions).toEqual([
      { operator: 'Bool', key: 'aws:MultiFactorAuthPresent', values: ['false'] },
      { operator: 'NumericLessThan', key: 'aws:MultiFactorAuthAge', values: ['3600'] },
    ]);
    expect(doc.statements[1]!.notActions).toEqual(['iam:*']);
    expect(doc.statements[1]!.notResources).toEqual(['arn:aws:iam::*:role/x']);
  });

  it('reads `"Principal": "*"` as any, and keeps every principal type', () => {
    expect(ok({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }] }).statements[0]!.principal).toEqual({ kind: 'any' });
    const p = ok({
      Statement: [{ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::1:root', '2'], Federated: 'x', CanonicalUser: 'c' }, Action: 'sts:AssumeRole' }],
    }).statements[0]!.principal;
    expect(p).toEqual({ kind: 'map', aws: ['arn:aws:iam::1:root', '2'], service: [], federated: ['x'], canonicalUser: ['c'] });
  });

  it.each([
    [null, 'expected an object but found null'],
    [[], 'expected an object but found a list'],
    ['', 'the text is empty'],
    ['not json', 'the text is neither JSON nor URL-encoded JSON'],
    ['{"Statement": [', 'the text is not valid JSON'],
    ['%7B%ZZ', 'the text is neither JSON nor valid URL-encoded JSON'],
    [{ Version: '2012-10-17' }, 'missing `Statement`'],
    [{ Statement: [], Extra: 1 }, 'unknown element `Extra`'],
    [{ Statement: [{ Action: 'x', Resource: '*' }] }, '`Statement[0]` has no `Effect`'],
    [{ Statement: [{ Effect: 'allow', Action: 'x' }] }, '`Statement[0].Effect` must be `Allow` or `Deny`, found `allow`'],
    [{ Statement: { Effect: 'Allow', Actions: 'x' } }, 'unknown element `Statement.Actions`'],
    [{ Statement: [{ Effect: 'Allow', Action: 'x', NotAction: 'y' }] }, '`Statement[0]` has both `Action` and `NotAction`'],
    [{ Statement: [{ Effect: 'Allow', Action: 'x', Resource: '*', NotResource: '*' }] }, '`Statement[0]` has both `Resource` and `NotResource`'],
    [{ Statement: [{ Effect: 'Allow', Action: [1] }] }, '`Statement[0].Action` must hold strings, found `1`'],
    [{ Statement: [{ Effect: 'Allow', Action: 'x', Principal: { Aws: '*' } }] }, 'unknown principal type `Statement[0].Principal.Aws`'],
    [{ Statement: [{ Effect: 'Allow', Action: 'x', Principal: ['*'] }] }, '`Statement[0].Principal` must be `"*"` or an object, found a list'],
    [{ Statement: [{ Effect: 'Allow', Action: 'x', Condition: { StringEquals: { k: { nested: 1 } } } }] }, '`Statement[0].Condition.StringEquals.k` must be a string, number, boolean or a list of them, found an object'],
  ])('rejects %j', (value, message) => {
    expect(reason(value)).toBe(message);
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = parsePolicyDocument(value);
        expect(typeof parsed).toBe('object');
        parsePolicyDocument(JSON.stringify(value));
      }),
      { numRuns: 300 },
    );
  });

  const rawDir = sharedPath('aws-managed-policies-raw', 'policies');
  it.skipIf(!existsSync(rawDir))('parses every AWS managed policy in its raw GetPolicyVersion form (shared data)', () => {
    const files = readdirSync(rawDir);
    expect(files.length).toBeGreaterThan(1000);
    let stringActions = 0;
    for (const file of files) {
      const raw = JSON.parse(readFileSync(`${rawDir}/${file}`, 'utf8')) as { PolicyVersion: { Document: Record<string, unknown> } };
      const document = raw.PolicyVersion.Document;
      const doc = ok(document);
      // the same document as a JSON string and URL-encoded gives the same result
      if (file.startsWith('A')) {
        expect(ok(JSON.stringify(document))).toEqual(doc);
        expect(ok(encodeURIComponent(JSON.stringify(document)))).toEqual(doc);
      }
      for (const s of doc.statements) {
        expect(s.actions !== null || s.notActions !== null).toBe(true);
      }
      if (JSON.stringify(document).includes('"Action":"')) stringActions++;
    }
    expect(stringActions).toBeGreaterThan(0);
  });

  const scpIndex = sharedPath('scp-examples', 'index.json');
  it.skipIf(!existsSync(scpIndex))('parses every published SCP/RCP example and rejects the invalid ones (shared data)', () => {
    const index = JSON.parse(readFileSync(scpIndex, 'utf8')) as {
      policies: { file: string }[];
      not_extracted: { raw_text_file?: string }[];
    };
    for (const p of index.policies) {
      const text = readFileSync(sharedPath('scp-examples', p.file), 'utf8');
      ok(text);
    }
    for (const p of index.not_extracted) {
      if (p.raw_text_file === undefined) continue;
      const text = readFileSync(sharedPath('scp-examples', p.raw_text_file), 'utf8');
      expect(reason(text)).toBe('the text is not valid JSON');
    }
  });
});

describe('parsePolicyDocument: duplicate keys and unsafe text', () => {
  it('rejects a duplicate key in a JSON or URL-encoded document, naming where', () => {
    const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Effect":"Deny","Action":"*","Resource":"*"}]}';
    expect(reason(text)).toBe('duplicate key `Effect` in `Statement[0]`');
    expect(reason(encodeURIComponent(text))).toBe('duplicate key `Effect` in `Statement[0]`');
    expect(reason('{"Statement":[],"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}')).toBe('duplicate key `Statement`');
    // the same key spelt with an escape is the same key to AWS and to JSON.parse
    expect(reason('{"Statement":[],"St\\u0061tement":[]}')).toBe('duplicate key `Statement`');
  });

  it('escapes control characters of the input in its messages', () => {
    const messages = [
      reason({ Version: '2012-10-17', Statement: { Effect: 'Allow\u0000\u001b[2J', Action: '*' } }),
      reason({ Version: '2012-10-17', 'Bad\u0007': 1, Statement: [] }),
      reason({ Statement: { Effect: 'Allow', Action: '*', Condition: { 'StringEquals\u009b': 1 } } }),
      reason('{"Version":"2012-10-17","Statement":[\u0000]}'),
    ];
    for (const m of messages) expect(m).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(messages[0]).toBe('`Statement.Effect` must be `Allow` or `Deny`, found `Allow\\u0000\\u001b[2J`');
  });
});

describe('statement lists of any length', () => {
  // Short lists are built as literals and long ones by a loop: both must keep every statement, in
  // order, and name the first statement that does not parse.
  const good = (i: number) => ({
    Sid: `S${i}`,
    Effect: 'Allow',
    Action: [`s3:Get${i}`],
    Resource: '*',
    Condition: { StringEquals: { 'aws:PrincipalTag/team': [`t${i}`, 'x'] }, NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 } },
  });
  const bad = (i: number) => (i % 2 === 0 ? { Effect: 'Maybe', Action: '*' } : { Effect: 'Allow', Sid: 7 });
  it('keep the statements in order and report the first bad one', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 5 }), (valid) => {
        const statements = valid.map((v, i) => (v ? good(i) : bad(i)));
        const first = valid.indexOf(false);
        const parsed = parsePolicyDocument({ Statement: statements });
        if (first === -1) {
          if ('error' in parsed) throw new Error(parsed.error);
          expect(parsed.statements.map((s) => [s.sid, s.actions, s.conditions.map((c) => c.values)])).toEqual(valid.map((_v, i) => [`S${i}`, [`s3:Get${i}`], [[`t${i}`, 'x'], ['3600']]]));
        } else {
          expect(reason({ Statement: statements })).toBe(first % 2 === 0 ? `\`Statement[${first}].Effect\` must be \`Allow\` or \`Deny\`, found \`Maybe\`` : `\`Statement[${first}].Sid\` must be a string, found \`7\``);
        }
      }),
      { numRuns: 200 },
    );
  });
});
