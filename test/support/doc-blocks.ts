/**
 * Fenced code blocks of a Markdown document, for tests that keep the docs true. A block right after
 * a `<!-- counter-example -->` line (a template, or an example of an error) is marked skipped.
 */
export interface FencedBlock {
  /** The info string: `sh`, `yaml`, or '' for an untagged fence. */
  readonly info: string;
  /** The lines inside the fence, without the fence's own indentation. */
  readonly body: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly skipped: boolean;
}

export const COUNTER_EXAMPLE = '<!-- counter-example -->';

export function fencedBlocks(text: string): FencedBlock[] {
  const lines = text.split('\n');
  const blocks: FencedBlock[] = [];
  let previous = '';
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\S*)\s*$/.exec(lines[i] ?? '');
    if (!open) {
      if ((lines[i] ?? '').trim() !== '') previous = (lines[i] ?? '').trim();
      continue;
    }
    const indent = open[1] ?? '';
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j] ?? ''); j++) {
      const line = lines[j] ?? '';
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    blocks.push({ info: open[2] ?? '', body: body.length ? `${body.join('\n')}\n` : '', line: i + 1, skipped: previous === COUNTER_EXAMPLE });
    previous = '';
    i = j;
  }
  return blocks;
}

/**
 * The `guard ...` command lines of a shell or YAML block: `\` continuations and YAML folded
 * scalars (`run: >`) joined, comments and `|| ...` tails dropped.
 */
export function guardCommands(block: FencedBlock): string[] {
  const logical: string[] = [];
  const lines = block.body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] ?? '';
    if (/(?:run:|-)\s*>\s*$/.test(line)) {
      const indent = /^\s*/.exec(line)?.[0].length ?? 0;
      const folded: string[] = [];
      while (i + 1 < lines.length && ((lines[i + 1] ?? '').trim() === '' ? false : (/^\s*/.exec(lines[i + 1] ?? '')?.[0].length ?? 0) > indent)) folded.push((lines[++i] ?? '').trim());
      logical.push(folded.join(' '));
      continue;
    }
    while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1)} ${(lines[++i] ?? '').trim()}`;
    logical.push(line);
  }
  const commands: string[] = [];
  for (const line of logical) {
    const match = /(?:^|[\s:-])(?:npx )?guard (.*)$/.exec(line.replace(/\s+#.*$/, ''));
    if (!match || /^\s*#/.test(line)) continue;
    commands.push((match[1] ?? '').replace(/\s*(\|\||&&|\|).*$/, '').trim());
  }
  return commands;
}

/** Shell words: spaces separate, single and double quotes group (enough for the commands the docs show). */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | null = null;
  let inWord = false;
  for (const c of command) {
    if (quote) {
      if (c === quote) quote = null;
      else current += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}
