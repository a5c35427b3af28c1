import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derivedRuleId, parseRuleFile, printRuleFile, type Rule, type RuleBody, type RuleFile } from '../../src/syntax/index.ts';
import { fencedBlocks } from '../support/doc-blocks.ts';
import { REPO } from '../support/run-guard.ts';
import { ruleBody, SPAN } from './ast-arbitrary.ts';

/**
 * Bare-rule ids are fingerprint and baseline keys. The golden file lists the derived id of every
 * bare rule in the library, the fixtures, the examples and the rule examples of the docs, and of a
 * fixed corpus of generated bodies (kept as text, so a change to the arbitraries changes nothing);
 * a change that renames one fails here. Regenerate it by hand, only for a rename that is meant:
 *   GUARD_WRITE_GOLDEN=1 npx vitest run test/syntax/derived-rule-id.test.ts
 */
const GOLDEN = join(import.meta.dirname, 'derived-rule-id.golden.json');

function guardFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return guardFiles(path);
      return name.endsWith('.guard') && !name.endsWith('.test.guard') ? [path] : [];
    });
}

/** Rule texts by file: whole rule files, and the untagged blocks of a doc that parse cleanly (by doc, so moving a block renames nothing). */
function ruleTexts(): { where: string; text: string }[] {
  const files = ['policies', 'test/fixtures', 'examples'].flatMap((dir) => guardFiles(join(REPO, dir)));
  const texts = files.map((path) => ({ where: relative(REPO, path), text: readFileSync(path, 'utf8') }));
  const docs = [
    'README.md',
    ...readdirSync(join(REPO, 'docs'))
      .filter((n) => n.endsWith('.md'))
      .sort()
      .map((n) => `docs/${n}`),
  ];
  for (const doc of docs) {
    for (const block of fencedBlocks(readFileSync(join(REPO, doc), 'utf8'))) {
      if (block.info !== '' || parseRuleFile(block.body, doc).diagnostics.length > 0) continue;
      texts.push({ where: doc, text: block.body });
    }
  }
  return texts;
}

function isBare(statement: RuleFile['statements'][number]): statement is Rule {
  return statement.kind === 'rule' && statement.id === null;
}

function bareIds(file: RuleFile): string[] {
  return file.statements.filter(isBare).map((rule) => derivedRuleId(rule.body));
}

function fileOf(body: RuleBody): RuleFile {
  const rule: Rule = { kind: 'rule', id: null, title: null, metadata: [], body, exceptions: [], span: SPAN };
  return { kind: 'file', path: 'generated.guard', statements: [rule], comments: [] };
}

function idsOf(text: string): string[] {
  return bareIds(parseRuleFile(text, 'rules.guard').file);
}

describe('derived rule ids', () => {
  const texts = ruleTexts();
  const ids: Record<string, string[]> = {};
  for (const { where, text } of texts) {
    const found = idsOf(text);
    if (found.length > 0) ids[where] = [...(ids[where] ?? []), ...found];
  }

  if (process.env['GUARD_WRITE_GOLDEN'] === '1') {
    const bodies = fc.sample(ruleBody, { seed: 11, numRuns: 300 }).map((body) => printRuleFile(fileOf(body)).trimEnd());
    const generated = Object.fromEntries(bodies.map((text) => [text, idsOf(text)[0]]));
    writeFileSync(GOLDEN, `${JSON.stringify({ files: ids, generated }, null, 2)}\n`);
  }
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as { files: Record<string, string[]>; generated: Record<string, string> };

  it('are those of the golden file, for every bare rule in the library, fixtures, examples and docs', () => {
    expect(ids).toEqual(golden.files);
    expect(Object.keys(ids).some((where) => where.startsWith('docs/'))).toBe(true);
  });

  it('are those of the golden file for a corpus of generated bodies', () => {
    const entries = Object.entries(golden.generated);
    expect(entries.length).toBeGreaterThanOrEqual(250);
    for (const [text, id] of entries) expect(idsOf(text), text).toEqual([id]);
  });

  it('do not change when the files are formatted', () => {
    for (const { where, text } of texts) {
      const { file } = parseRuleFile(text, where);
      expect(idsOf(printRuleFile(file)), where).toEqual(bareIds(file));
    }
  });

  it('do not change when a generated body is printed and parsed again', () => {
    fc.assert(
      fc.property(ruleBody, (body) => {
        const printed = printRuleFile(fileOf(body));
        expect(idsOf(printed), printed).toEqual([derivedRuleId(body)]);
      }),
      { numRuns: 500 },
    );
  });

  it('ignore spelling, case, spacing and parentheses, and keep operators and strings apart', () => {
    expect(idsOf('ROOT MUST HAS   mfa\n')).toEqual(['root-must-have-mfa']);
    expect(idsOf('users unused >= 90d denied\nusers where (name != "a>=b") denied\n')).toEqual(['users-unused-ge-90d-denied', 'users-where-name-ne-a-b-denied']);
    expect(idsOf('roles must not (allow "iam:*" on "*")\n')).toEqual(['roles-must-not-allow-iam-on']);
    expect(idsOf('password policy must not (not exists)\n')).toEqual(['password-policy-must-not-not-exist']);
  });

  it('are defined without the canonical printer', () => {
    const source = readFileSync(join(REPO, 'src/syntax/derived-rule-id.ts'), 'utf8');
    expect(source).not.toMatch(/from '\.\/print\.ts'/);
  });
});
