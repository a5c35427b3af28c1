import pc from 'picocolors';
import type { CollectEvent, ProgressListener } from './progress.ts';

/** `tty`: a live display redrawn in place; `plain`: one log line per finished step; `quiet`: nothing. */
export type ProgressMode = 'tty' | 'plain' | 'quiet';

export interface ProgressDisplay {
  readonly listener: ProgressListener;
  /** Stops the redraw timer and leaves the finished lines on screen. */
  readonly close: () => void;
}

export interface ProgressDisplayOptions {
  /** Prefix lines with the account id (organization mode). */
  readonly showAccount: boolean;
  readonly color: boolean;
  /** Redraw period of the live display. */
  readonly intervalMs?: number;
  /** The clock (tests). */
  readonly now?: () => number;
}

export function createProgressDisplay(mode: ProgressMode, write: (text: string) => void, options: ProgressDisplayOptions): ProgressDisplay {
  switch (mode) {
    case 'quiet':
      return { listener: () => {}, close: () => {} };
    case 'plain':
      return { listener: plainListener(write, options), close: () => {} };
    case 'tty':
      return liveDisplay(write, options);
  }
}

function prefix(account: string, options: ProgressDisplayOptions): string {
  return options.showAccount ? `[${account}] ` : '';
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** Log lines for a log file or CI: only what finished, one line each. */
function plainListener(write: (text: string) => void, options: ProgressDisplayOptions): ProgressListener {
  return (event) => {
    switch (event.kind) {
      case 'account-started':
        write(`guard: ${prefix(event.account, options)}collecting account ${event.account} (${event.label})\n`);
        return;
      case 'section-started':
      case 'section-progress':
        return;
      case 'section-finished':
        write(`guard: ${prefix(event.account, options)}${event.section}: ${event.detail} (${seconds(event.ms)})\n`);
        return;
      case 'section-failed':
        write(`guard: ${prefix(event.account, options)}${event.section}: not collected: ${event.code} (${seconds(event.ms)})\n`);
        return;
      case 'account-finished':
        write(`guard: ${prefix(event.account, options)}collected in ${seconds(event.ms)} with ${event.calls} API calls\n`);
        return;
      case 'account-failed':
        write(`guard: ${prefix(event.account, options)}account not collected: ${event.code}: ${event.message}\n`);
        return;
    }
  };
}

interface ActiveSection {
  readonly account: string;
  readonly section: string;
  readonly started: number;
  detail: string;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const MAX_ACTIVE_LINES = 8;

/**
 * A terminal display: finished sections scroll up as permanent lines, sections in flight stay at the
 * bottom with a spinner, their latest detail ("generating", "page 3") and elapsed time.
 */
function liveDisplay(write: (text: string) => void, options: ProgressDisplayOptions): ProgressDisplay {
  const colors = pc.createColors(options.color);
  const now = options.now ?? Date.now;
  const active = new Map<string, ActiveSection>();
  let finished: string[] = [];
  let drawnLines = 0;
  let frame = 0;

  const redraw = (): void => {
    frame++;
    // Move to the first live line and clear everything below it, then print new permanent lines and the live ones.
    let out = drawnLines > 0 ? `\r\x1b[${drawnLines}A\x1b[J` : '';
    for (const line of finished) out += `${line}\n`;
    finished = [];
    const live = [...active.values()];
    const shown = live.slice(0, MAX_ACTIVE_LINES);
    const lines = shown.map((entry) => {
      const spinner = colors.cyan(SPINNER[frame % SPINNER.length] ?? '-');
      const detail = entry.detail === '' ? '' : ` ${colors.dim(entry.detail)}`;
      return `${spinner} ${prefix(entry.account, options)}${entry.section}${detail} ${colors.dim(seconds(now() - entry.started))}`;
    });
    if (live.length > shown.length) lines.push(colors.dim(`  … and ${live.length - shown.length} more`));
    for (const line of lines) out += `${line}\n`;
    drawnLines = lines.length;
    if (out !== '') write(out);
  };

  const listener = (event: CollectEvent): void => {
    const key = 'section' in event ? `${event.account} ${event.section}` : event.account;
    switch (event.kind) {
      case 'account-started':
        finished.push(colors.bold(`${prefix(event.account, options)}collecting account ${event.account} (${event.label})`));
        break;
      case 'section-started':
        active.set(key, { account: event.account, section: event.section, started: now(), detail: '' });
        break;
      case 'section-progress': {
        const entry = active.get(key);
        if (entry !== undefined) entry.detail = event.detail;
        break;
      }
      case 'section-finished':
        active.delete(key);
        finished.push(`${colors.green('✓')} ${prefix(event.account, options)}${event.section} ${colors.dim(`${event.detail} ${seconds(event.ms)}`)}`);
        break;
      case 'section-failed':
        active.delete(key);
        finished.push(`${colors.yellow('✗')} ${prefix(event.account, options)}${event.section} ${colors.yellow(`not collected: ${event.code}`)}`);
        break;
      case 'account-finished':
        finished.push(`${prefix(event.account, options)}${colors.dim(`collected in ${seconds(event.ms)} with ${event.calls} API calls`)}`);
        break;
      case 'account-failed':
        finished.push(`${colors.red('✗')} ${prefix(event.account, options)}${colors.red(`account not collected: ${event.code}: ${event.message}`)}`);
        break;
    }
    redraw();
  };

  const timer = setInterval(redraw, options.intervalMs ?? 100);
  timer.unref();
  return {
    listener,
    close: () => {
      clearInterval(timer);
      active.clear();
      redraw();
    },
  };
}
