import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { renderRulesDoc } from '../../scripts/generate-rules-doc.ts';

it('docs/rules.md is generated from the current library (npm run rules-doc)', async () => {
  expect(readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8')).toBe(await renderRulesDoc());
});
