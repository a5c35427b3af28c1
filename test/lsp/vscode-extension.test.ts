import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/run-guard.ts';

/**
 * editors/vscode, the minimal VS Code extension: its manifest names files that exist, its grammar
 * is the generated one (`npm run generate` writes both), and it depends on vscode-languageclient
 * itself, which the project neither installs nor ships. Not run inside VS Code here.
 */

const EXTENSION = join(REPO, 'editors/vscode');

interface Manifest {
  readonly main: string;
  readonly engines: { readonly vscode: string };
  readonly contributes: {
    readonly languages: readonly { readonly id: string; readonly extensions: readonly string[]; readonly configuration: string }[];
    readonly grammars: readonly { readonly language: string; readonly scopeName: string; readonly path: string }[];
  };
  readonly dependencies: Readonly<Record<string, string>>;
}

const manifest = JSON.parse(readFileSync(join(EXTENSION, 'package.json'), 'utf8')) as Manifest;
const project = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { files: readonly string[]; dependencies: Record<string, string>; devDependencies: Record<string, string> };

describe('the VS Code extension', () => {
  it('declares the guard language for .guard files, with a grammar and a language configuration that exist', () => {
    const [language] = manifest.contributes.languages;
    expect(language).toMatchObject({ id: 'guard', extensions: ['.guard'] });
    expect(manifest.contributes.grammars).toEqual([{ language: 'guard', scopeName: 'source.guard', path: './syntaxes/guard.tmLanguage.json' }]);
    for (const path of [manifest.main, language?.configuration ?? '', ...manifest.contributes.grammars.map((g) => g.path)]) expect(existsSync(join(EXTENSION, path)), path).toBe(true);
  });

  it('ships the generated TextMate grammar as it is', () => {
    const copy = readFileSync(join(EXTENSION, 'syntaxes/guard.tmLanguage.json'), 'utf8');
    expect(copy).toBe(readFileSync(join(REPO, 'grammar/guard.tmLanguage.json'), 'utf8'));
    expect((JSON.parse(copy) as { scopeName: string }).scopeName).toBe(manifest.contributes.grammars[0]?.scopeName);
  });

  it('comments with #, and pairs brackets and quotes', () => {
    const configuration = JSON.parse(readFileSync(join(EXTENSION, 'language-configuration.json'), 'utf8')) as { comments: { lineComment: string }; brackets: string[][]; autoClosingPairs: { open: string }[] };
    expect(configuration.comments.lineComment).toBe('#');
    expect(configuration.brackets).toEqual([
      ['(', ')'],
      ['[', ']'],
    ]);
    expect(configuration.autoClosingPairs.map((p) => p.open)).toEqual(['(', '[', '"']);
  });

  it('is CommonJS that starts `guard lsp` through vscode-languageclient, its own dependency and not the project’s', () => {
    const source = readFileSync(join(EXTENSION, manifest.main), 'utf8');
    // Compiles as the function body Node wraps a CommonJS module in.
    expect(() => new Script(`(function (exports, require, module) {\n${source}\n})`)).not.toThrow();
    expect([...source.matchAll(/require\('([^']+)'\)/g)].map((m) => m[1])).toEqual(['vscode', 'vscode-languageclient/node']);
    expect(source).toContain("'lsp'");
    expect(Object.keys(manifest.dependencies)).toEqual(['vscode-languageclient']);
    expect({ ...project.dependencies, ...project.devDependencies }).not.toHaveProperty('vscode-languageclient');
  });

  it('packages with `vsce package`: its README links nothing outside the extension, and it carries its licence', () => {
    // vsce rewrites relative links against a repository URL, and fails on one when the manifest names none.
    const readme = readFileSync(join(EXTENSION, 'README.md'), 'utf8');
    expect([...readme.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]).filter((href) => !/^https?:/.test(href ?? ''))).toEqual([]);
    expect(readFileSync(join(EXTENSION, 'LICENSE'), 'utf8')).toBe(readFileSync(join(REPO, 'LICENSE'), 'utf8'));
    expect(readFileSync(join(REPO, 'LICENSE'), 'utf8')).toMatch(/^Apache License\s+Version 2\.0/);
    expect((JSON.parse(readFileSync(join(EXTENSION, 'package.json'), 'utf8')) as { license: string }).license).toBe('Apache-2.0');
  });

  it('is not part of the npm package', () => {
    expect(project.files.filter((f) => f.startsWith('editors') || f === '**' || f === '*')).toEqual([]);
  });
});
