import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_PATH, REPO } from './fixtures.ts';

// That the file is current (npm run generate) is test/generate.test.ts's concern.
const SCHEMA_FILE = join(REPO, 'docs', 'snapshot.schema.json');

describe('docs/snapshot.schema.json', () => {
  it('is a valid draft 2020-12 schema that a stock validator accepts the example with', () => {
    // A user's validator: no guard-specific formats (unknown formats are annotations only).
    const ajv = new Ajv2020({ allowUnionTypes: true, validateFormats: false });
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);
    const ok = validate(JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
});
