import type { ConstantType, ConstantValue } from './checked-ast.ts';
import { parseDay } from './parse-day.ts';

const DURATION = /^(\d+)([hdw])$/;
const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/**
 * Reads a `--param name=value` value as the param's declared type: durations `30d`, numbers,
 * booleans, dates `2027-01-01`, strings as written (quotes optional), lists comma-separated.
 */
export function parseParamValue(raw: string, type: ConstantType): { value: ConstantValue } | { error: string; hint?: string } {
  if (type.kind === 'list') {
    const parts = raw.trim() === '' ? [] : raw.split(',').map((p) => p.trim());
    const of = type.of;
    if (of === 'empty') return { value: parts.map(unquote) };
    const values: (boolean | number | string)[] = [];
    for (const part of parts) {
      const item = parseParamValue(part, { kind: of });
      if ('error' in item) return item;
      values.push(item.value as boolean | number | string);
    }
    return { value: values };
  }
  const text = raw.trim();
  switch (type.kind) {
    case 'string':
      return { value: unquote(text) };
    case 'number': {
      const n = Number(text);
      return text !== '' && Number.isFinite(n) ? { value: n } : { error: `expected a number but found \`${raw}\`` };
    }
    case 'boolean':
      if (text === 'true' || text === 'false') return { value: text === 'true' };
      return { error: `expected true or false but found \`${raw}\`` };
    case 'duration': {
      const match = DURATION.exec(text);
      if (!match) {
        return {
          error: `expected a duration but found \`${raw}\``,
          hint: /^\d+$/.test(text) ? `add a unit: \`${text}d\`` : 'write a number and a unit: `90d`, `12h`, `2w`',
        };
      }
      return { value: Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] };
    }
    case 'date': {
      const day = parseDay(text);
      return day === null ? { error: `expected a date such as 2027-01-01 but found \`${raw}\`` } : { value: day };
    }
  }
}

function unquote(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}
