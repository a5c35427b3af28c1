import { describe, expect, it } from 'vitest';
import type { CollectEvent } from '../../src/collect/index.ts';
import { createProgressDisplay } from '../../src/collect/progress-display.ts';

const events: CollectEvent[] = [
  { kind: 'account-started', account: '111122223333', label: 'arn:aws:sts::111122223333:assumed-role/audit/me' },
  { kind: 'section-started', account: '111122223333', section: 'iam.credentialReport' },
  { kind: 'section-started', account: '111122223333', section: 'iam.authorizationDetails' },
  { kind: 'section-progress', account: '111122223333', section: 'iam.credentialReport', detail: 'generating' },
  { kind: 'section-progress', account: '111122223333', section: 'iam.authorizationDetails', detail: 'page 2' },
  { kind: 'section-finished', account: '111122223333', section: 'iam.authorizationDetails', detail: '3 users', ms: 1200 },
  { kind: 'section-failed', account: '111122223333', section: 'iam.credentialReport', code: 'AccessDenied', message: 'no', ms: 300 },
  { kind: 'account-finished', account: '111122223333', ms: 2500, calls: 17, errors: 1 },
];

function render(mode: 'tty' | 'plain' | 'quiet', showAccount = false): string[] {
  const writes: string[] = [];
  let clock = 0;
  const display = createProgressDisplay(mode, (text) => writes.push(text), { showAccount, color: false, intervalMs: 60_000, now: () => (clock += 100) });
  for (const event of events) display.listener(event);
  display.close();
  return writes;
}

describe('progress display', () => {
  it('plain: one log line per finished step, nothing for progress ticks', () => {
    expect(render('plain').join('')).toBe(
      [
        'guard: collecting account 111122223333 (arn:aws:sts::111122223333:assumed-role/audit/me)',
        'guard: iam.authorizationDetails: 3 users (1.2s)',
        'guard: iam.credentialReport: not collected: AccessDenied (0.3s)',
        'guard: collected in 2.5s with 17 API calls',
        '',
      ].join('\n'),
    );
  });

  it('plain with several accounts prefixes each line with the account', () => {
    expect(render('plain', true)[1]).toBe('guard: [111122223333] iam.authorizationDetails: 3 users (1.2s)\n');
  });

  it('tty: live lines show what is in flight, then are replaced by the finished lines', () => {
    const writes = render('tty');
    const screen = writes.join('');
    // While both sections run, both are on screen with their latest detail.
    expect(writes.some((w) => w.includes('iam.credentialReport generating') && w.includes('iam.authorizationDetails page 2'))).toBe(true);
    // Redraws move the cursor back over the live lines and clear them.
    expect(screen).toMatch(/\r\x1b\[2A\x1b\[J/);
    expect(screen).toContain('✓ iam.authorizationDetails 3 users 1.2s');
    expect(screen).toContain('✗ iam.credentialReport not collected: AccessDenied');
    // After close nothing is live any more: the last write holds no spinner.
    expect(writes.at(-1)).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
  });

  it('quiet: writes nothing', () => {
    expect(render('quiet')).toEqual([]);
  });
});
