import { InvalidArgumentError } from 'commander';

/** `--param name=value`, repeatable. */
export function collectParam(value: string, previous: Record<string, string>): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`expected NAME=VALUE but found \`${value}\``);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

export function collectRepeated(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}

/** `--now`: an ISO 8601 instant (a bare date means its start, UTC). */
export function parseNow(value: string): number {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const ms = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text) || /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidArgumentError(`expected an ISO 8601 time such as 2026-11-27T10:00:00Z but found \`${value}\``);
  return ms;
}
