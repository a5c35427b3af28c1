import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInstant, latestInstant, parseInstant } from '../../src/model/index.ts';
import { parseInstantAt } from '../../src/model/instant.ts';

const T = Date.UTC(2026, 10, 27, 10, 0, 0);

const READS: readonly (readonly [string, number])[] = [
  ['2026-11-27T10:00:00Z', T],
  ['2026-11-27T10:00:00+00:00', T],
  ['2026-11-27T10:00:00.123456Z', T + 123],
  ['2026-11-27T10:00:00.5+00:00', T + 500],
  ['2026-11-27 10:00:00+00:00', T],
  ['2026-11-27 10:00:00.000000+00:00', T],
  ['2026-11-27t10:00:00z', T],
  ['2026-11-27T11:30:00+01:30', T],
  ['2026-11-27T05:00:00-05:00', T],
  ['2026-11-27T10:00:00+0000', T],
  ['2026-11-27T10:00:00+00', T],
  ['2026-11-27T10:00Z', T],
  ['2026-11-27T10:00:00', T],
  ['2026-11-27', Date.UTC(2026, 10, 27)],
  ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
  ['0099-01-01', Date.parse('0099-01-01T00:00:00Z')],
  ['2026-11-27T10:00:00,5Z', T + 500],
  ['2026-11-27T10:00', T],
];

const REJECTS: readonly string[] = [
  '',
  'yesterday',
  '2026-11-27T',
  '2026-13-01',
  '2026-02-29',
  '2026-04-31T00:00:00Z',
  '2026-11-27T24:00:00Z',
  '2026-11-27T10:60:00Z',
  '2026-11-27T10:00:61Z',
  '2026-11-27T10:00:00ZZ',
  '2026-11-27T10:00:00+25:00',
  '2026-11-27T10:00:00.Z',
  '2026/11/27',
  '27-11-2026',
  'N/A',
  '2026-11-27T10:00:00 UTC',
  // Cut short at each place a longer form would go on: read in place, the text after them must not complete them.
  '2026-11-2',
  '2026-11-27T1',
  '2026-11-27T10',
  '2026-11-27T10:',
  '2026-11-27T10:0',
  '2026-11-27T10:00:',
  '2026-11-27T10:00:0',
  '2026-11-27T10:00:00.',
  '2026-11-27T10:00:00+',
  '2026-11-27T10:00:00+0',
  '2026-11-27T10:00:00+00:',
  '2026-11-27T10:00:00+00:0',
  '2026-11-27T10:00:00.123Y',
  '2026-11-27T10:00:00+01:00x',
];

describe('parseInstant', () => {
  it.each(READS)('reads %s', (text, expected) => {
    expect(parseInstant(text)).toBe(expected);
  });

  it.each(REJECTS)('rejects %j', (text) => {
    expect(parseInstant(text)).toBeNull();
  });

  it('agrees with Date.parse on ISO strings and round-trips formatInstant', () => {
    const instants = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(instants, (d) => {
        const iso = d.toISOString();
        expect(parseInstant(iso)).toBe(Date.parse(iso));
        expect(parseInstant(formatInstant(d.getTime()))).toBe(d.getTime());
        // boto3 form: space separator, microseconds, +00:00
        const boto = `${iso.slice(0, 10)} ${iso.slice(11, 23)}000+00:00`;
        expect(parseInstant(boto)).toBe(d.getTime());
      }),
    );
  });

  it('reads the forms AWS writes (its straight path) as the calendar does, on any digits', () => {
    // Every field drawn over all two-digit values, so impossible dates and times (2026-02-29, 24:00,
    // 10:60) are as likely as real ones; a text is a date exactly when Date.UTC gives back its fields.
    const two = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
    const fields = fc.record({ year: fc.integer({ min: 0, max: 9999 }), month: two, day: two, hour: two, minute: two, second: two, millis: fc.integer({ min: 0, max: 999 }) });
    const tails = fc.constantFrom('Z', 'ms', '+00:00');
    fc.assert(
      fc.property(fields, tails, (f, tail) => {
        const y = String(f.year).padStart(4, '0');
        const ms = String(f.millis).padStart(3, '0');
        const text = `${y}-${f.month}-${f.day}T${f.hour}:${f.minute}:${f.second}${tail === 'ms' ? `.${ms}Z` : tail}`;
        const d = new Date(0);
        d.setUTCFullYear(f.year, Number(f.month) - 1, Number(f.day));
        d.setUTCHours(Number(f.hour), Number(f.minute), Number(f.second), tail === 'ms' ? f.millis : 0);
        const real =
          d.getUTCFullYear() === f.year &&
          d.getUTCMonth() === Number(f.month) - 1 &&
          d.getUTCDate() === Number(f.day) &&
          d.getUTCHours() === Number(f.hour) &&
          d.getUTCMinutes() === Number(f.minute) &&
          d.getUTCSeconds() === Number(f.second);
        expect([text, parseInstant(text)]).toEqual([text, real ? d.getTime() : null]);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const v = parseInstant(s);
        expect(v === null || Number.isFinite(v)).toBe(true);
      }),
    );
  });
});

describe('parseInstantAt', () => {
  // What follows an instant in a text: characters that would complete a cut-short one if read past its end.
  const NEIGHBOURS = ['', ',', '\n', '\r\n', ':00Z', ',5Z', '0:00+00:00', '00:00.000Z', ':00.123Z,N/A', '+00:00', '5'];

  it('reads each instant and rejects each non-instant as parseInstant does, wherever it stands and whatever follows it', () => {
    for (const value of [...READS.map(([text]) => text), ...REJECTS]) {
      const expected = parseInstant(value);
      for (const before of ['', 'x,', '2026-']) {
        for (const after of NEIGHBOURS) {
          const text = before + value + after;
          expect([value, before, after, parseInstantAt(text, before.length, before.length + value.length)]).toEqual([value, before, after, expected]);
        }
      }
    }
  });

  it('agrees with parseInstant on every cut of an instant and on noise, with any text around it', () => {
    const cut = fc.tuple(fc.constantFrom(...READS.map(([text]) => text)), fc.nat(34)).map(([v, n]) => v.slice(0, n));
    const noise = fc.string({ unit: fc.constantFrom(...'0123456789-:Tt Zz+.,'), maxLength: 32 });
    const around = fc.string({ unit: fc.constantFrom(...'0123456789-:Zz+.,\n'), maxLength: 12 });
    fc.assert(
      fc.property(fc.oneof(cut, noise), around, around, (value, before, after) => {
        expect(parseInstantAt(before + value + after, before.length, before.length + value.length)).toBe(parseInstant(value));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('formatInstant', () => {
  it('writes Z form, with milliseconds only when present', () => {
    expect(formatInstant(T)).toBe('2026-11-27T10:00:00Z');
    expect(formatInstant(T + 7)).toBe('2026-11-27T10:00:00.007Z');
  });
});

describe('latestInstant', () => {
  it('is the last millisecond of the span the text names', () => {
    const at = Date.UTC(2026, 10, 27, 10, 0, 0);
    expect(latestInstant('2026-11-27T10:00:00Z')).toBe(at + 999);
    expect(latestInstant('2026-11-27T10:00:00.5Z')).toBe(at + 599);
    expect(latestInstant('2026-11-27T10:00:00.50Z')).toBe(at + 509);
    expect(latestInstant('2026-11-27T10:00:00.123456Z')).toBe(at + 123);
    expect(latestInstant('2026-11-27T10:00Z')).toBe(at + 59_999);
    expect(latestInstant('2026-11-27T10:00:00+01:00')).toBe(at - 3_600_000 + 999);
    expect(latestInstant('2026-11-27')).toBe(Date.UTC(2026, 10, 27) + 86_399_999);
    expect(latestInstant('2026-02-30')).toBeNull();
  });

  it('is never before the instant itself, and within a day of it', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), fc.constantFrom(10, 16, 19, 21, 23, 24), (d, cut) => {
        const iso = d.toISOString();
        const text = cut === 24 ? iso : cut === 10 ? iso.slice(0, 10) : `${iso.slice(0, cut)}Z`;
        const t = parseInstant(text)!;
        const latest = latestInstant(text)!;
        expect(latest).toBeGreaterThanOrEqual(t);
        expect(latest - t).toBeLessThan(86_400_000);
        expect(d.getTime()).toBeLessThanOrEqual(latest);
      }),
    );
  });
});
