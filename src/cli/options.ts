import { InvalidArgumentError, Option } from 'commander';
// The model's instant parser by its own file: the model's index loads the snapshot validator, which `--help` does not need.
import { parseInstant } from '../model/instant.ts';

/**
 * `--param name=value`, repeatable. The value is kept as written: the checker reads it with the rule
 * language's literal grammar against the param's declared type. Naming a param twice is an error,
 * never a silent last-one-wins.
 */
export function collectParam(value: string, previous: Record<string, string>): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`expected NAME=VALUE but found \`${value}\``);
  const name = value.slice(0, at);
  const earlier = Object.hasOwn(previous, name) ? previous[name] : undefined;
  if (earlier !== undefined) throw new InvalidArgumentError(`\`${name}\` is given twice: \`${name}=${earlier}\` and \`${value}\`; give each param once`);
  return { ...previous, [name]: value.slice(at + 1) };
}

export function collectRepeated(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}

/** `--rule ID`, repeatable, as every command that selects rules takes it (select-rules.ts applies it); `what` says what selecting does. */
export function ruleOption(what: string): Option {
  return new Option('--rule <id>', `${what} (an id or a glob such as \`pwd.*\`); repeatable`).argParser(collectRepeated).default([]);
}

/** `--skip ID`, repeatable, with `--rule`. */
export function skipOption(): Option {
  return new Option('--skip <id>', 'leave out this rule (an id or a glob); repeatable').argParser(collectRepeated).default([]);
}

/** `--now`: an instant as snapshots write them (the model's parser: no 2026-02-30, no 24:00), a bare date meaning its start, UTC. */
export function parseNow(value: string): number {
  const ms = parseInstant(value);
  if (ms === null) throw new InvalidArgumentError(`expected an ISO 8601 time such as 2026-11-27T10:00:00Z but found \`${value}\``);
  return ms;
}

/** `guard eval --format` and `--output format=file`: the report formats. */
export const FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

/** `--snapshot`, repeatable: one value stays a string (a single snapshot, or a directory), several become a list. */
export function collectPaths(value: string, previous: string | readonly string[] | undefined): string | string[] {
  if (previous === undefined) return value;
  return typeof previous === 'string' ? [previous, value] : [...previous, value];
}

/** `--jobs n`: a whole number from 1 to 64. */
export function parseJobs(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 64) throw new InvalidArgumentError(`expected a number of parallel jobs from 1 to 64 but found \`${value}\``);
  return n;
}
