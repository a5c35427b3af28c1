import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_JSON_SCHEMA } from '../../src/model/index.ts';
import { EXAMPLE_PATH, REPO } from './fixtures.ts';
import { generateValidatorSource } from './generate-validator.ts';

const SCHEMA_FILE = join(REPO, 'docs', 'snapshot.schema.json');
const rendered = `${JSON.stringify(SNAPSHOT_JSON_SCHEMA, null, 2)}\n`;
const VALIDATOR_FILE = join(REPO, 'src', 'model', 'snapshot-validator.generated.ts');
const validatorSource = generateValidatorSource();

describe('docs/snapshot.schema.json', () => {
  // Regenerate with: GUARD_WRITE_SCHEMA=1 npx vitest run test/model/json-schema.test.ts
  if (process.env['GUARD_WRITE_SCHEMA'] === '1') {
    writeFileSync(SCHEMA_FILE, rendered);
    writeFileSync(VALIDATOR_FILE, validatorSource);
  }

  it('is the schema guard validates with, written out', () => {
    expect(existsSync(SCHEMA_FILE)).toBe(true);
    expect(readFileSync(SCHEMA_FILE, 'utf8'), 'run GUARD_WRITE_SCHEMA=1 npx vitest run test/model/json-schema.test.ts').toBe(rendered);
  });

  it('matches the precompiled validator src/model/snapshot-validator.generated.ts', () => {
    expect(readFileSync(VALIDATOR_FILE, 'utf8') === validatorSource, 'run GUARD_WRITE_SCHEMA=1 npx vitest run test/model/json-schema.test.ts').toBe(true);
  });

  it('is a valid draft 2020-12 schema that a stock validator accepts the example with', () => {
    // A user's validator: no guard-specific formats (unknown formats are annotations only).
    const ajv = new Ajv2020({ allowUnionTypes: true, validateFormats: false });
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);
    const ok = validate(JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
});
