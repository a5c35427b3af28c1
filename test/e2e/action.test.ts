import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO } from '../support/run-guard.ts';
import { runMain } from '../support/run-main.ts';

/**
 * The composite action of action.yml: every input is used, inputs reach the shell only through env:, every
 * flag it passes is one `guard eval` has, and its eval script, run by bash with `npx` standing in for the
 * clone's bin, builds the command line it should and hands guard's exit code to the last step.
 */

interface Step {
  readonly id?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly shell?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, string>;
}

interface Action {
  readonly inputs: Record<string, { readonly required?: boolean; readonly default?: string }>;
  readonly outputs: Record<string, { readonly value: string }>;
  readonly runs: { readonly using: string; readonly steps: readonly Step[] };
}

const action = parse(readFileSync(join(REPO, 'action.yml'), 'utf8')) as Action;
const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { name: string; version: string };
const steps = action.runs.steps;
const evalStep = steps.find((s) => s.id === 'eval');
const exitStep = steps.at(-1);

describe('action.yml', () => {
  it('is a composite action whose every input is used', () => {
    expect(action.runs.using).toBe('composite');
    const used = JSON.stringify(steps);
    for (const name of Object.keys(action.inputs)) expect(used, name).toContain(`inputs.${name}`);
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['snapshot', 'rules', 'format', 'fail-on', 'baseline', 'exceptions', 'params', 'sarif-upload', 'version']));
    expect(action.inputs['snapshot']?.required).toBe(true);
  });

  it('passes inputs to shell scripts only through env', () => {
    for (const step of steps.filter((s) => s.run !== undefined)) {
      expect(step.run).not.toContain('${{');
      expect(step.shell).toBe('bash');
    }
  });

  it('runs this package at its current version on a supported Node, and uploads SARIF', () => {
    expect(action.inputs['version']?.default).toBe(manifest.version);
    expect(evalStep?.run).toContain(`npx --yes "${manifest.name}@$`);
    const setup = steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(Number(setup?.with?.['node-version'])).toBeGreaterThanOrEqual(22);
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.if).toContain("inputs.sarif-upload == 'true'");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the action's literal GitHub expression, not a template
    expect(upload?.with?.['sarif_file']).toBe('${{ steps.eval.outputs.sarif-file }}');
    expect(steps.indexOf(upload as Step)).toBeLessThan(steps.indexOf(exitStep as Step));
  });

  it('passes only flags that guard eval has', async () => {
    const help = await runMain(['eval', '--help']);
    const flags = [...(evalStep?.run ?? '').matchAll(/(?<![\w-])(--[a-z][a-z-]*)/g)].map((m) => m[1] ?? '').filter((f) => f !== '--yes');
    expect(new Set(flags)).toEqual(new Set(['--snapshot', '--format', '--fail-on', '--output', '--baseline', '--exceptions', '--fail-on-expiring', '--param']));
    for (const flag of flags) expect(help.stdout, flag).toMatch(new RegExp(`${flag}\\b`));
  });
});

describe('action.yml scripts, run by bash', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guard-action-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  // npx as the action calls it, running the clone's guard instead of downloading the package.
  writeFileSync(
    join(bin, 'npx'),
    `#!/usr/bin/env bash\n[ "$1" = --yes ] && [ "$2" = "${manifest.name}@$GUARD_PACKAGE_VERSION" ] || { echo "npx called as: $*" >&2; exit 99; }\nshift 2\nexec "${process.execPath}" "${join(REPO, 'bin/guard.js')}" "$@"\n`,
  );
  chmodSync(join(bin, 'npx'), 0o755);
  const workspace = join(dir, 'my work');
  mkdirSync(join(workspace, 'my rules'), { recursive: true });
  copyFileSync(join(REPO, 'examples/snapshots/example-account.json'), join(workspace, 'account.json'));
  writeFileSync(join(workspace, 'my exceptions.yaml'), 'exceptions:\n  - rule: root.unused\n    resource: "arn:aws:iam::111122223333:root"\n    owner: security\n    reason: break-glass drill\n    expires: 2027-06-01\n');
  writeFileSync(join(workspace, 'my rules/root.guard'), 'param window = 90d\nrule root.unused "Root was not used recently" severity high:\n  root where last used must have unused > window\n');

  const summaryFile = join(dir, 'step-summary.md');

  /** Runs a step's script as the runner does: `bash -e`, env from the step with the inputs filled in. */
  function runStep(step: Step | undefined, inputs: Record<string, string>, outputs: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string; outputs: Record<string, string> } {
    const outputFile = join(dir, `output-${Math.random().toString(36).slice(2)}`);
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    const withDefaults: Record<string, string> = {};
    for (const [name, spec] of Object.entries(action.inputs)) withDefaults[name] = inputs[name] ?? spec.default ?? '';
    const expression = (text: string): string =>
      text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => {
        if (name.startsWith('inputs.')) return withDefaults[name.slice('inputs.'.length)] ?? '';
        if (name.startsWith('steps.eval.outputs.')) return outputs[name.slice('steps.eval.outputs.'.length)] ?? '';
        if (name === 'runner.temp') return dir;
        return name.replace(/\W/g, '_');
      });
    const env: NodeJS.ProcessEnv = { PATH: `${bin}${delimiter}${process.env['PATH'] ?? ''}`, HOME: dir, NO_COLOR: '1', GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile };
    for (const [name, value] of Object.entries(step?.env ?? {})) env[name] = expression(value);
    const child = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step?.run ?? 'exit 98'], { cwd: workspace, env, encoding: 'utf8' });
    const written = Object.fromEntries(
      readFileSync(outputFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    return { code: child.status, stdout: child.stdout, stderr: child.stderr, outputs: written };
  }

  it('evaluates the built-in library, writes SARIF, and the last step exits with guard code', () => {
    const evaluated = runStep(evalStep, { snapshot: 'account.json' });
    expect(evaluated.stderr).toBe('');
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toMatch(/60 rules, 111 failing/);
    expect(evaluated.outputs['exit-code']).toBe('1');
    const sarif = evaluated.outputs['sarif-file'] ?? '';
    expect(existsSync(sarif)).toBe(true);
    expect(JSON.parse(readFileSync(sarif, 'utf8')).runs[0].results.length).toBe(115);
    expect(readFileSync(summaryFile, 'utf8')).toMatch(/^#+ .*guard/im);
    expect(runStep(exitStep, {}, evaluated.outputs).code).toBe(1);
  });

  it('passes paths and params with spaces and shell characters as single arguments', () => {
    const inputs = { snapshot: 'account.json', rules: 'my rules\n', format: 'json', 'fail-on': 'any', summary: 'false' };
    // Root was last used 25 days before the snapshot: it fails `unused > 90d`, and passes `unused > 20d`.
    const byDefault = runStep(evalStep, inputs);
    expect(byDefault.outputs['exit-code']).toBe('1');
    const evaluated = runStep(evalStep, { ...inputs, params: 'window=20d\n' });
    expect(readFileSync(summaryFile, 'utf8')).toBe('');
    expect(evaluated.stderr).toBe('');
    expect(evaluated.outputs['exit-code']).toBe('0');
    const report = JSON.parse(evaluated.stdout) as { rules: { id: string }[]; findings: unknown[] };
    expect(report.rules.map((r) => r.id)).toEqual(['root.unused']);
    expect(report.findings).toEqual([]);
    expect(runStep(exitStep, {}, evaluated.outputs).code).toBe(0);

    const hostile = runStep(evalStep, { snapshot: 'account.json; touch pwned', rules: '$(touch pwned)\n`touch pwned`', 'fail-on': 'none' });
    expect(existsSync(join(workspace, 'pwned'))).toBe(false);
    expect(hostile.outputs['exit-code']).toBe('2');
    expect(runStep(exitStep, {}, hostile.outputs).code).toBe(2);
  });

  it('passes the exceptions file and the expiry window', () => {
    const inputs = { snapshot: 'account.json', rules: 'my rules', exceptions: 'my exceptions.yaml', 'fail-on': 'any' };
    const waived = runStep(evalStep, inputs);
    expect(waived.stderr).toBe('');
    expect(waived.stdout).toMatch(/1 waived/);
    expect(waived.outputs['exit-code']).toBe('0');
    // The exception expires on 2027-06-01, within 200 days of the snapshot (2026-11-27), not within 14.
    expect(runStep(evalStep, { ...inputs, 'fail-on-expiring': '14d' }).outputs['exit-code']).toBe('0');
    expect(runStep(evalStep, { ...inputs, 'fail-on-expiring': '200d' }).outputs['exit-code']).toBe('1');
  });

  it('gives broken inputs exit 2, a bad param included', () => {
    const evaluated = runStep(evalStep, { snapshot: 'account.json', rules: 'my rules', params: 'nope=1' });
    expect(evaluated.stderr).toContain('nope');
    expect(evaluated.outputs['exit-code']).toBe('2');
    expect(evaluated.outputs['sarif-file']).toBeUndefined();
  });
});
