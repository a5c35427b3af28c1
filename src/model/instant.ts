/**
 * ISO 8601 instants in every form AWS tools write, parsed by hand: Date.parse accepts too much
 * (`2026-02-30` rolls over, locale formats) and is slow on large snapshots.
 *
 * Accepted: `2026-11-27T10:00:00Z`, `2026-11-27T10:00:00+00:00`, `2026-11-27T10:00:00.123456Z`,
 * `2026-11-27 10:00:00+00:00` (boto3), offsets `+hh:mm` / `+hhmm` / `+hh`, lower-case `t`/`z`,
 * `2026-11-27T10:00Z` (no seconds), `2026-11-27` (midnight UTC), and a date-time without an offset,
 * read as UTC (what `datetime.utcnow().isoformat()` writes).
 */
export function parseInstant(text: string): number | null {
  const n = text.length;
  if (n < 10) return null;
  const year = digits(text, 0, 4);
  if (year < 0 || text.charCodeAt(4) !== DASH) return null;
  const month = digits(text, 5, 2);
  if (month < 1 || month > 12 || text.charCodeAt(7) !== DASH) return null;
  const day = digits(text, 8, 2);
  if (day < 1 || day > daysInMonth(year, month)) return null;
  if (n === 10) return utc(year, month, day, 0, 0, 0, 0);

  const sep = text.charCodeAt(10);
  if (sep !== UPPER_T && sep !== LOWER_T && sep !== SPACE) return null;
  const hour = digits(text, 11, 2);
  if (hour < 0 || hour > 23 || text.charCodeAt(13) !== COLON) return null;
  const minute = digits(text, 14, 2);
  if (minute < 0 || minute > 59) return null;
  let i = 16;
  let second = 0;
  let millis = 0;
  if (text.charCodeAt(i) === COLON) {
    second = digits(text, i + 1, 2);
    if (second < 0 || second > 59) return null;
    i += 3;
    if (text.charCodeAt(i) === DOT || text.charCodeAt(i) === COMMA) {
      i++;
      const start = i;
      let scale = 100;
      while (i < n && isDigit(text.charCodeAt(i))) {
        millis += (text.charCodeAt(i) - ZERO) * scale;
        scale /= 10;
        i++;
      }
      if (i === start) return null;
      millis = Math.floor(millis);
    }
  }

  let offsetMinutes = 0;
  if (i < n) {
    const c = text.charCodeAt(i);
    if (c === UPPER_Z || c === LOWER_Z) {
      if (i + 1 !== n) return null;
    } else if (c === PLUS || c === MINUS) {
      const oh = digits(text, i + 1, 2);
      if (oh < 0 || oh > 23) return null;
      let om = 0;
      const rest = n - (i + 3);
      if (rest === 3 && text.charCodeAt(i + 3) === COLON) om = digits(text, i + 4, 2);
      else if (rest === 2) om = digits(text, i + 3, 2);
      else if (rest !== 0) return null;
      if (om < 0 || om > 59) return null;
      offsetMinutes = (oh * 60 + om) * (c === MINUS ? -1 : 1);
    } else {
      return null;
    }
  }
  return utc(year, month, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}

/** Formats epoch milliseconds as `2026-11-27T10:00:00Z` (milliseconds only when non-zero). */
export function formatInstant(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

const ZERO = 48;
const DASH = 45;
const COLON = 58;
const DOT = 46;
const COMMA = 44;
const PLUS = 43;
const MINUS = 45;
const SPACE = 32;
const UPPER_T = 84;
const LOWER_T = 116;
const UPPER_Z = 90;
const LOWER_Z = 122;

function isDigit(c: number): boolean {
  return c >= ZERO && c <= ZERO + 9;
}

/** The non-negative integer written with exactly `count` digits at `at`, or -1. */
function digits(text: string, at: number, count: number): number {
  if (at + count > text.length) return -1;
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) return -1;
    value = value * 10 + (c - ZERO);
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Epoch milliseconds of a UTC date-time, by arithmetic (days from the civil calendar; faster than Date.UTC). */
function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, millis: number): number {
  // Howard Hinnant's days_from_civil: March-based years make the leap day the last of the year.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146_097 + doe - 719_468;
  return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis;
}
