import type { DurationUnit } from './ast.ts';

/** Reading and writing literal values: string escapes, calendar dates, durations. */

const HOUR_MS = 3_600_000;

const UNIT_MS: Readonly<Record<DurationUnit, number>> = { h: HOUR_MS, d: 24 * HOUR_MS, w: 7 * 24 * HOUR_MS };

/** `90d` → milliseconds. Durations are exact: a day is 24 hours, a week 7 days. */
export function durationMs(amount: number, unit: DurationUnit): number {
  return amount * UNIT_MS[unit];
}

export type Unescaped = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly escape: string; readonly offset: number };

/**
 * The value of a string token's text between its quotes. Escapes: `\"`, `\\`, `\n`, `\t`, `\uXXXX`;
 * anything else is reported (with its offset in `body`) rather than guessed.
 */
export function unescapeString(body: string): Unescaped {
  let value = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      value += c;
      continue;
    }
    const next = body[i + 1];
    switch (next) {
      case '"':
        value += '"';
        break;
      case '\\':
        value += '\\';
        break;
      case 'n':
        value += '\n';
        break;
      case 't':
        value += '\t';
        break;
      case 'u': {
        const hex = body.slice(i + 2, i + 6);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) return { ok: false, escape: body.slice(i, i + 6), offset: i };
        value += String.fromCharCode(Number.parseInt(hex, 16));
        i += 4;
        break;
      }
      default:
        return { ok: false, escape: body.slice(i, i + 2), offset: i };
    }
    i++;
  }
  return { ok: true, value };
}

/** A string literal as written in canonical form: double quotes, escapes only where needed. */
export function quoteString(value: string): string {
  let out = '"';
  for (const c of value) {
    const code = c.charCodeAt(0);
    if (c === '"') out += '\\"';
    else if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\t') out += '\\t';
    // Other control characters (and the line separators some editors treat as line breaks) are escaped.
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return `${out}"`;
}

/**
 * A number as the grammar writes it, digits and at most one point: `String` switches to exponent
 * form below 1e-6 and from 1e21 (`1e-7`), which does not lex as a number. The digits are the
 * shortest that read back as the same double, so the plain form reads back as the same value too.
 */
export function plainDecimal(value: number): string {
  const text = String(Math.abs(value));
  const sign = value < 0 ? '-' : '';
  const exponent = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (exponent === null) return sign + text;
  const digits = `${exponent[1] ?? ''}${exponent[2] ?? ''}`;
  const point = 1 + Number(exponent[3]); // where the decimal point goes in `digits`
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Whether `YYYY-MM-DD` names a day of the proleptic Gregorian calendar (no 2027-02-30). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= daysInMonth;
}
