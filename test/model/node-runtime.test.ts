import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_PATH, REPO } from './fixtures.ts';

// vitest transforms modules and smooths over CommonJS interop; the CLI runs under plain Node with
// type stripping. Load the model stage there once so an interop mistake (e.g. in the precompiled
// validator's imports of ajv's runtime) cannot pass unnoticed.
describe('the model stage under plain Node', () => {
  it('loads, validates (including a rejected value) and normalizes the example', () => {
    const script = `
      import { readFileSync } from 'node:fs';
      import { parseSnapshot, normalizeSnapshot } from './src/model/index.ts';
      const text = readFileSync(${JSON.stringify(EXAMPLE_PATH)}, 'utf8');
      const ok = parseSnapshot(text, 'example.json');
      if (!ok.ok) throw new Error(JSON.stringify(ok.errors));
      const model = normalizeSnapshot(ok.value);
      const bad = JSON.parse(text);
      bad.iam.oidcProviders[0].Arn = '';
      bad.iam.authorizationDetails.UserDetailList[0].UserName = '';
      const rejected = parseSnapshot(JSON.stringify(bad), 'bad.json');
      console.log(JSON.stringify({ users: model.collections.users.entities.length, errors: rejected.ok ? [] : rejected.errors.map((e) => e.path) }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ users: 9, errors: ['iam.authorizationDetails.UserDetailList[0].UserName', 'iam.oidcProviders[0].Arn'] });
  });
});
