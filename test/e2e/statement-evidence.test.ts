import { describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.ts';

/** A finding on policy statements shows what the statements grant, to whom and when: not only their ids. */

const EXAMPLE = 'examples/snapshots/example-account.json';
const RULE = 'trust.no-public-principal';
const OPEN = 'legacy-open-trust/1: Allow sts:AssumeRole principal *';

const evalAs = (format: string) => runMain(['eval', '--snapshot', EXAMPLE, '--format', format, '--fail-on', 'none']);

describe('statement evidence', () => {
  it('JSON: each matching statement with its effect, actions, resources, principals and conditions', async () => {
    const run = await evalAs('json');
    const findings = (JSON.parse(run.stdout) as { findings: { rule: string; resource: { name: string }; evidence: Record<string, unknown> }[] }).findings;
    expect(findings.find((f) => f.rule === RULE)?.evidence).toEqual({ 'trust statements matching': [OPEN] });
    const sandbox = findings.find((f) => f.rule === 'trust.github-oidc-sub' && f.resource.name === 'github-sandbox');
    expect(sandbox?.evidence['trust statements matching']).toEqual([
      'github-sandbox/1: Allow sts:AssumeRoleWithWebIdentity principal arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com when [StringEquals token.actions.githubusercontent.com:aud=sts.amazonaws.com, StringLike token.actions.githubusercontent.com:sub=*]',
    ]);
    // Long lists are cut to three values and a count; NotAction is shown as such.
    const all = JSON.stringify(findings.map((f) => f.evidence));
    expect(all).toContain('developer-boundary/AllowedServices: Allow [s3:*, dynamodb:*, lambda:* (+2 more)] on *');
    expect(all).toContain('erin/everything-but-iam/AllButIam: Allow not iam:* on *');
  });

  it('text, SARIF message and Markdown show the same', async () => {
    expect((await evalAs('text')).stdout).toContain(`trust statements matching: ${OPEN}`);
    const sarif = JSON.parse((await evalAs('sarif')).stdout) as { runs: { results: { ruleId: string; message: { text: string } }[] }[] };
    expect(sarif.runs[0]?.results.find((r) => r.ruleId === RULE)?.message.text).toContain(`trust statements matching: ${OPEN}`);
    expect((await evalAs('markdown')).stdout).toContain(`trust statements matching: ${OPEN.replace('*', '\\*')}`);
  });
});
