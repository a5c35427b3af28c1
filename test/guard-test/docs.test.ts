import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_TYPES } from '../../src/guard-test/index.ts';
import { spacedName } from '../../src/semantics/index.ts';
import { parseTestFile, TEST_RESERVED_WORDS } from '../../src/syntax/index.ts';
import { fencedBlocks } from '../support/doc-blocks.ts';
import { REPO } from '../support/run-guard.ts';

const DOC = readFileSync(join(REPO, 'docs/guard-test.md'), 'utf8');

/** Fenced blocks written in test-file syntax (rule-file examples of the other docs: test/e2e/docs.test.ts). */
function testFileBlocks(): string[] {
  return fencedBlocks(DOC)
    .filter((b) => b.info === '' && !b.skipped)
    .map((b) => b.body)
    .filter((b) => /^(example "|for all |property ")/.test(b));
}

describe('docs/guard-test.md', () => {
  it('its test-file examples parse', () => {
    const blocks = testFileBlocks();
    expect(blocks.length).toBeGreaterThan(1);
    for (const block of blocks) expect(parseTestFile(block, 'doc.test.guard').diagnostics, block).toEqual([]);
  });

  it('lists every setting of every kind of entity, and the reserved words', () => {
    const table = DOC.slice(DOC.indexOf('| Kind | Name | Settings |'), DOC.indexOf('Attribute names are the schema'));
    for (const spec of Object.values(EXAMPLE_TYPES)) {
      for (const s of spec.settings) expect(table, `${spec.type}: ${s.name}`).toContain(`\`${spacedName(s.name)}\``);
    }
    for (const word of TEST_RESERVED_WORDS) expect(DOC).toContain(` ${word}`);
  });

  it("every policies/*.test.guard file parses (they are the format's examples)", () => {
    const names = readdirSync(join(REPO, 'policies')).filter((name) => name.endsWith('.test.guard'));
    expect(names).toEqual(expect.arrayContaining(['root.test.guard', 'credentials.test.guard', 'password-policy.test.guard', 'policies.test.guard', 'roles-trust.test.guard']));
    for (const name of names) {
      const text = readFileSync(join(REPO, 'policies', name), 'utf8');
      expect(parseTestFile(text, name).diagnostics).toEqual([]);
    }
  });
});
