import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Imports point one way along the pipeline (docs/architecture.md): a stage may import only the
 * stages listed for it, other stages only through their index.ts, the AWS SDK only under collect/,
 * chevrotain only under syntax/, the language server packages only under lsp/, and engine/reference.ts only from testing/ and tests; and no file
 * under src/ imports itself through others.
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
  lsp: ['semantics', 'syntax', 'model', 'diagnostics'],
  cli: ['diagnostics', 'syntax', 'model', 'semantics', 'engine', 'report', 'collect', 'guard-test', 'testing', 'lsp'],
};

const SRC = resolve(import.meta.dirname, '../src');

/**
 * Entries besides a stage's index.ts: what the rule language needs of the model, without the snapshot
 * reader and normalizer that the model's index loads (docs/architecture.md, "What loads when").
 */
const OTHER_ENTRIES: readonly string[] = [join('model', 'language.ts'), join('model', 'permissions', 'index.ts')];

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

/**
 * Every import circle of a graph, one cycle per strongly connected component (Tarjan), starting at
 * its smallest file: `[a, b, a]`. Type-only imports count: they do nothing at run time, but still
 * tie the files together, so that neither can change without the other.
 */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    const own = index.size;
    index.set(v, own);
    low.set(v, own);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) visit(w);
      if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? own, low.get(w) ?? own, index.get(w) ?? own));
    }
    if (low.get(v) !== own) return;
    const members = new Set<string>();
    for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) {
      onStack.delete(w);
      members.add(w);
    }
    const start = [...members].sort()[0] as string;
    const cycle = cycleThrough(start, members, graph);
    if (cycle.length > 1) cycles.push(cycle);
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

/** A shortest path from `start` back to itself inside `members`, or `[start]` when there is none. */
function cycleThrough(start: string, members: ReadonlySet<string>, graph: ReadonlyMap<string, readonly string[]>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i] as string;
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [v];
        for (let u = v; u !== start; ) {
          u = previous.get(u) as string;
          path.unshift(u);
        }
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

describe('architecture', () => {
  const files = sourceFiles(SRC).filter((f) => stageOf(f) in ALLOWED);

  it('every stage folder is known', () => {
    const stages = new Set(
      sourceFiles(SRC)
        .map(stageOf)
        .filter((s) => !s.endsWith('.ts')),
    );
    for (const stage of stages) expect(Object.keys(ALLOWED), `unknown stage folder src/${stage}`).toContain(stage);
  });

  it('no file under src/ is part of an import circle (type-only imports included)', () => {
    const graph = new Map(
      sourceFiles(SRC).map((file) => {
        const targets = imports(readFileSync(file, 'utf8'))
          .filter((spec) => spec.startsWith('.'))
          .map((spec) => relative(SRC, resolve(dirname(file), spec)));
        return [relative(SRC, file), targets] as const;
      }),
    );
    expect(importCycles(graph).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('finds circles: a self-import, a pair, and one cycle for a component of several', () => {
    const graph = new Map<string, string[]>([
      ['a', ['b']],
      ['b', ['c', 'a']],
      ['c', ['a', 'x']],
      ['d', ['d']],
      ['e', ['a']],
      ['f', ['g']],
      ['g', []],
    ]);
    expect(importCycles(graph)).toEqual([
      ['a', 'b', 'a'],
      ['d', 'd'],
    ]);
    expect(
      importCycles(
        new Map([
          ['p', ['q']],
          ['q', ['r']],
          ['r', ['p']],
        ]),
      ),
    ).toEqual([['p', 'q', 'r', 'p']]);
  });

  for (const file of files) {
    const stage = stageOf(file);
    it(`${relative(SRC, file)} imports only what its stage may`, () => {
      const problems: string[] = [];
      for (const spec of imports(readFileSync(file, 'utf8'))) {
        if ((spec.startsWith('@aws-sdk/') || spec.startsWith('@smithy/')) && stage !== 'collect') problems.push(`${spec}: the AWS SDK belongs to collect/`);
        if (spec === 'chevrotain' && stage !== 'syntax') problems.push(`${spec}: chevrotain belongs to syntax/`);
        if (spec.startsWith('vscode-languageserver') && stage !== 'lsp') problems.push(`${spec}: the language server packages belong to lsp/`);
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec);
        const targetRel = relative(SRC, target);
        if (targetRel.startsWith('..')) continue;
        const targetStage = targetRel.split(/[\\/]/)[0] as string;
        if (targetStage === stage) continue;
        if (!(ALLOWED[stage] ?? []).includes(targetStage)) problems.push(`${spec}: ${stage} may not import ${targetStage}`);
        else if (!targetRel.endsWith('index.ts') && !OTHER_ENTRIES.includes(targetRel) && !(stage === 'cli' || stage === 'testing')) {
          problems.push(`${spec}: import ${targetStage} through its index.ts`);
        }
        if (targetRel === join('engine', 'reference.ts') && stage !== 'testing') problems.push(`${spec}: reference.ts is for tests and testing/ only`);
      }
      expect(problems).toEqual([]);
    });
  }
});
