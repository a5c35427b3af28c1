import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Imports point one way along the pipeline (docs/architecture.md): a stage may import only the
 * stages listed for it, other stages only through their index.ts, the AWS SDK only under collect/,
 * chevrotain only under syntax/, and engine/reference.ts only from testing/ and tests.
 */
const ALLOWED: Record<string, readonly string[]> = {
  diagnostics: [],
  syntax: ['diagnostics'],
  model: ['diagnostics'],
  semantics: ['syntax', 'model', 'diagnostics'],
  engine: ['semantics', 'model', 'diagnostics', 'syntax'],
  report: ['engine', 'diagnostics', 'model', 'semantics'],
  collect: ['model', 'diagnostics'],
  'guard-test': ['engine', 'semantics', 'model', 'syntax', 'diagnostics'],
  testing: ['guard-test', 'engine', 'semantics', 'model', 'syntax', 'diagnostics'],
  cli: ['diagnostics', 'syntax', 'model', 'semantics', 'engine', 'report', 'collect', 'guard-test', 'testing'],
};

const SRC = resolve(import.meta.dirname, '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function imports(text: string): string[] {
  const found: string[] = [];
  const pattern = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const match of text.matchAll(pattern)) found.push((match[1] ?? match[2]) as string);
  return found;
}

const stageOf = (file: string): string => relative(SRC, file).split(/[\\/]/)[0] as string;

describe('architecture', () => {
  const files = sourceFiles(SRC).filter((f) => stageOf(f) in ALLOWED);

  it('every stage folder is known', () => {
    const stages = new Set(sourceFiles(SRC).map(stageOf).filter((s) => !s.endsWith('.ts')));
    for (const stage of stages) expect(Object.keys(ALLOWED), `unknown stage folder src/${stage}`).toContain(stage);
  });

  for (const file of files) {
    const stage = stageOf(file);
    it(`${relative(SRC, file)} imports only what its stage may`, () => {
      const problems: string[] = [];
      for (const spec of imports(readFileSync(file, 'utf8'))) {
        if ((spec.startsWith('@aws-sdk/') || spec.startsWith('@smithy/')) && stage !== 'collect') problems.push(`${spec}: the AWS SDK belongs to collect/`);
        if (spec === 'chevrotain' && stage !== 'syntax') problems.push(`${spec}: chevrotain belongs to syntax/`);
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec);
        const targetRel = relative(SRC, target);
        if (targetRel.startsWith('..')) continue;
        const targetStage = targetRel.split(/[\\/]/)[0] as string;
        if (targetStage === stage) continue;
        if (!(ALLOWED[stage] ?? []).includes(targetStage)) problems.push(`${spec}: ${stage} may not import ${targetStage}`);
        else if (!targetRel.endsWith('index.ts') && !(stage === 'cli' || stage === 'testing')) {
          problems.push(`${spec}: import ${targetStage} through its index.ts`);
        }
        if (targetRel === join('engine', 'reference.ts') && stage !== 'testing') problems.push(`${spec}: reference.ts is for tests and testing/ only`);
      }
      expect(problems).toEqual([]);
    });
  }
});
