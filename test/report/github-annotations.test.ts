import { describe, expect, it } from 'vitest';
import { applyExceptionsFile, parseExceptionsFile } from '../../src/engine/index.ts';
import { escapeData, escapeProperty, renderGithubAnnotations } from '../../src/report/index.ts';
import { AWKWARD_NAMES, cleanResult, fixtureResult } from './fixtures.ts';

/** The runner's parser: `::cmd k=v,k=v::data`, unescaping as @actions/core escapes. */
function parseCommand(line: string): { level: string; props: Record<string, string>; message: string } {
  const match = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const unData = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  const unProp = (s: string): string => unData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));
  const props: Record<string, string> = {};
  for (const part of (match[2] ?? '').split(',').filter(Boolean)) {
    const at = part.indexOf('=');
    props[part.slice(0, at)] = unProp(part.slice(at + 1));
  }
  return { level: match[1] ?? '', props, message: unData(match[3] ?? '') };
}

describe('renderGithubAnnotations', () => {
  it('emits one annotation per rule with failing or unknown findings, most severe first, on the rule line', () => {
    const lines = renderGithubAnnotations(fixtureResult()).trimEnd().split('\n');
    const commands = lines.map(parseCommand);
    expect(commands.map((c) => [c.level, c.props['file'], c.props['line']])).toEqual([
      ['error', 'policies/root.guard', '3'],
      ['error', 'policies/iam users.guard', '2'],
      ['warning', 'policies/root.guard', '11'],
      ['notice', 'policies/iam users.guard', '6'],
      ['notice', 'policies/iam users.guard', '10'],
    ]);
    expect(commands[0]?.props['title']).toBe('guard root-mfa [critical]: 1 failing');
    expect(commands[1]?.message).toContain('alice/AKIAALICE1');
    expect(commands[1]?.message).not.toContain('legacy-ci');
  });

  it('keeps every line a single workflow command whatever the names contain', () => {
    const text = renderGithubAnnotations(fixtureResult());
    const lines = text.trimEnd().split('\n');
    expect(lines.every((l) => l.startsWith('::'))).toBe(true);
    const unused = lines.map(parseCommand).find((c) => c.props['line'] === '6');
    for (const name of AWKWARD_NAMES.slice(1)) expect(unused?.message).toContain(name);
  });

  it('escapes data and properties as the Actions toolkit does', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    const title = parseCommand(`::error title=${escapeProperty('x,y::z')}::m`);
    expect(title.props['title']).toBe('x,y::z');
  });

  it('folds long resource lists', () => {
    const lines = renderGithubAnnotations(fixtureResult(), { maxResourcesPerRule: 3 }).trimEnd().split('\n').map(parseCommand);
    const info = lines.find((c) => c.props['line'] === '10');
    expect(info?.message).toContain('… and 11 more');
  });

  it('annotates expired and stale exceptions at their entries', () => {
    const file = parseExceptionsFile(
      'exceptions:\n  - rule: root-mfa\n    resource: "*"\n    owner: sec\n    reason: r\n    expires: 2026-01-01\n  - rule: gone\n    resource: x\n    owner: sec\n    reason: r\n    expires: 2030-01-01\n',
      'guard-exceptions.yaml',
    );
    if (!file.ok) throw new Error('bad fixture');
    const applied = applyExceptionsFile(fixtureResult(), file.value.entries, Date.parse('2026-11-27T10:00:00Z'));
    const commands = renderGithubAnnotations(applied.result, { exceptions: applied }).trimEnd().split('\n').map(parseCommand);
    expect(commands.filter((c) => c.props['file'] === 'guard-exceptions.yaml').map((c) => [c.level, c.props['line']])).toEqual([
      ['warning', '2'],
      ['notice', '7'],
    ]);
  });

  it('is empty for a clean run', () => {
    expect(renderGithubAnnotations(cleanResult())).toBe('');
  });
});
