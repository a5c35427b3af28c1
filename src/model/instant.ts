/** One day in milliseconds: the unit of `d` durations and of day-granular date comparisons. */
export const DAY_MS = 86_400_000;

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
  return parseInstantAt(text, 0, text.length);
}

/**
 * parseInstant of `text.slice(start, end)`, read in place: a credential report's instants are
 * parsed straight from its text, with no string made for each. Nothing at or past `end` is read.
 */
export function parseInstantAt(text: string, start: number, end: number): number | null {
  return commonInstant(text, start, end - start) ?? anyInstant(text, start, end - start);
}

/**
 * The forms AWS itself writes, `2026-11-27T10:00:00Z`, `2026-11-27T10:00:00.123Z` and
 * `2026-11-27T10:00:00+00:00`, in one straight pass (a large snapshot holds hundreds of thousands);
 * null for anything else, valid or not, which anyInstant then reads. `n` characters from `s`.
 */
function commonInstant(text: string, s: number, n: number): number | null {
  let millis = 0;
  if (n === 24) {
    if (text.charCodeAt(s + 19) !== DOT || text.charCodeAt(s + 23) !== UPPER_Z) return null;
    const a = text.charCodeAt(s + 20) - ZERO;
    const b = text.charCodeAt(s + 21) - ZERO;
    const c = text.charCodeAt(s + 22) - ZERO;
    if (a < 0 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9) return null;
    millis = a * 100 + b * 10 + c;
  } else if (n === 20) {
    if (text.charCodeAt(s + 19) !== UPPER_Z) return null;
  } else if (n !== 25 || !text.startsWith('+00:00', s + 19)) return null;
  if (text.charCodeAt(s + 4) !== DASH || text.charCodeAt(s + 7) !== DASH || text.charCodeAt(s + 10) !== UPPER_T || text.charCodeAt(s + 13) !== COLON || text.charCodeAt(s + 16) !== COLON) return null;
  const century = twoDigits(text, s);
  const yearOfCentury = twoDigits(text, s + 2);
  const month = twoDigits(text, s + 5);
  const day = twoDigits(text, s + 8);
  const hour = twoDigits(text, s + 11);
  const minute = twoDigits(text, s + 14);
  const second = twoDigits(text, s + 17);
  // twoDigits gives -1 for a non-digit: every check below fails on it.
  if (century < 0 || yearOfCentury < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  const year = century * 100 + yearOfCentury;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 ? (leap ? 29 : 28) : (MONTH_DAYS[month] as number))) return null;
  // Days since 1970 from the year's leap days before it (years 0000-9999: the offsets keep quotients positive).
  const y = year - 1;
  const days = (year - 1970) * 365 + (((y + 4000) / 4) | 0) - (((y + 4000) / 100) | 0) + (((y + 4000) / 400) | 0) - LEAP_DAYS_TO_1970 + (CUMULATIVE_DAYS[month] as number) + (leap && month > 2 ? 1 : 0) + day - 1;
  return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis;
}

const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Days of a common year before each month. */
const CUMULATIVE_DAYS = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
/** Leap days up to 1969, counted with the same offset (5969 = 1969 + 4000): 5969/4 - 5969/100 + 5969/400. */
const LEAP_DAYS_TO_1970 = 1492 - 59 + 14;

/**
 * Every accepted form, `n` characters from `s`. The length checks stand where reading past the
 * instant's end would otherwise find its neighbour's characters (a whole string gives NaN there).
 */
function anyInstant(text: string, s: number, n: number): number | null {
  if (n < 10) return null;
  const century = twoDigits(text, s);
  const yearOfCentury = twoDigits(text, s + 2);
  const year = century * 100 + yearOfCentury;
  if (century < 0 || yearOfCentury < 0 || text.charCodeAt(s + 4) !== DASH) return null;
  const month = twoDigits(text, s + 5);
  if (month < 1 || month > 12 || text.charCodeAt(s + 7) !== DASH) return null;
  const day = twoDigits(text, s + 8);
  if (day < 1 || day > daysInMonth(year, month)) return null;
  if (n === 10) return utc(year, month, day, 0, 0, 0, 0);
  // A time needs `Thh:mm` at least.
  if (n < 16) return null;

  const sep = text.charCodeAt(s + 10);
  if (sep !== UPPER_T && sep !== LOWER_T && sep !== SPACE) return null;
  const hour = twoDigits(text, s + 11);
  if (hour < 0 || hour > 23 || text.charCodeAt(s + 13) !== COLON) return null;
  const minute = twoDigits(text, s + 14);
  if (minute < 0 || minute > 59) return null;
  let i = 16;
  let second = 0;
  let millis = 0;
  if (i < n && text.charCodeAt(s + i) === COLON) {
    if (n < 19) return null;
    second = twoDigits(text, s + i + 1);
    if (second < 0 || second > 59) return null;
    i += 3;
    if (i < n && (text.charCodeAt(s + i) === DOT || text.charCodeAt(s + i) === COMMA)) {
      i++;
      const start = i;
      let scale = 100;
      while (i < n && isDigit(text.charCodeAt(s + i))) {
        millis += (text.charCodeAt(s + i) - ZERO) * scale;
        scale /= 10;
        i++;
      }
      if (i === start) return null;
      millis = Math.floor(millis);
    }
  }

  let offsetMinutes = 0;
  if (i < n) {
    const c = text.charCodeAt(s + i);
    if (c === UPPER_Z || c === LOWER_Z) {
      if (i + 1 !== n) return null;
    } else if (c === PLUS || c === MINUS) {
      const rest = n - (i + 3);
      if (rest < 0) return null;
      const oh = twoDigits(text, s + i + 1);
      if (oh < 0 || oh > 23) return null;
      let om = 0;
      if (rest === 3 && text.charCodeAt(s + i + 3) === COLON) om = twoDigits(text, s + i + 4);
      else if (rest === 2) om = twoDigits(text, s + i + 3);
      else if (rest !== 0) return null;
      if (om < 0 || om > 59) return null;
      offsetMinutes = (oh * 60 + om) * (c === MINUS ? -1 : 1);
    } else {
      return null;
    }
  }
  return utc(year, month, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}

/**
 * The last epoch millisecond an instant's text can denote: `10:00:00Z` stands for its whole second,
 * `10:00Z` its minute, `2026-11-27` its day. A date with more precision that falls inside that span
 * (a role created at `10:00:00.022Z`, collected at `capturedAt` `10:00:00Z`) is not after it.
 */
export function latestInstant(text: string): number | null {
  const t = parseInstant(text);
  if (t === null) return null;
  if (text.length === 10) return t + DAY_MS - 1;
  if (text.charCodeAt(16) !== COLON) return t + 60_000 - 1;
  const mark = text.charCodeAt(19);
  if (mark !== DOT && mark !== COMMA) return t + 1000 - 1;
  let digits = 0;
  while (isDigit(text.charCodeAt(20 + digits))) digits++;
  return digits >= 3 ? t : t + 10 ** (3 - digits) - 1;
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

/** The number written with two digits at `at`, or -1 (also past the end: charCodeAt gives NaN there). */
function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - ZERO;
  const b = text.charCodeAt(at + 1) - ZERO;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Epoch milliseconds of a UTC date-time, by arithmetic (days from the civil calendar; faster than Date.UTC). */
function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, millis: number): number {
  // Howard Hinnant's days_from_civil: March-based years make the leap day the last of the year.
  // Years have four digits (y >= -1), so `| 0` floors every quotient as small-integer arithmetic.
  const y = month <= 2 ? year - 1 : year;
  const era = y >= 0 ? (y / 400) | 0 : -1;
  const yoe = y - era * 400;
  const doy = (((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) | 0) + day - 1;
  const doe = yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy;
  const days = era * 146_097 + doe - 719_468;
  return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis;
}
