import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EvidenceValue, Finding } from '../../src/engine/index.ts';
import { chunked, junitParts, renderJunit } from '../../src/report/index.ts';
import { awkwardText, findingArbitrary } from './finding-arbitrary.ts';
import { fixtureResult, RULES, summarize } from './fixtures.ts';

// A testcase written plainly, character by character, as the JUnit report must write it byte for byte:
// the renderer escapes what every testcase of a rule shares once and the rest line by line.

function cleaned(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const next = value.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += value.slice(i, i + 2);
      i++;
    } else if ((c >= 0xd800 && c <= 0xdfff) || c < 0x9 || c === 0xb || c === 0xc || (c > 0xd && c < 0x20) || c === 0xfffe || c === 0xffff) out += '\uFFFD';
    else out += value[i];
  }
  return out;
}

const TEXT: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const ATTRIBUTE: Readonly<Record<string, string>> = { ...TEXT, '"': '&quot;', "'": '&apos;', '\n': '&#10;', '\r': '&#13;', '\t': '&#9;' };
const escaped = (value: string, table: Readonly<Record<string, string>>): string => [...cleaned(value)].map((c) => table[c] ?? c).join('');

function shown(value: EvidenceValue): string {
  if (value === null) return 'none';
  if (Array.isArray(value)) return value.length ? value.map(shown).join(', ') : 'none';
  return String(value);
}

function testcase(finding: Finding): string {
  const rule = RULES.find((r) => r.id === finding.rule);
  if (rule === undefined) throw new Error(`no rule ${finding.rule}`);
  const file = rule.location.file;
  const classname = `${file
    .replace(/\.guard$/, '')
    .split('/')
    .join('.')}.${rule.id}`;
  const r = finding.resource;
  const head = `    <testcase name="${escaped(`${r.type} ${r.name}`, ATTRIBUTE)}" classname="${escaped(classname, ATTRIBUTE)}" file="${escaped(file, ATTRIBUTE)}" line="${finding.location.line}" time="0">`;
  const evidence = Object.entries(finding.evidence);
  const details = [
    finding.message,
    '',
    `rule: ${rule.id} [${finding.severity}] ${rule.title}`,
    `  ${file}:${rule.location.line}: ${rule.source}`,
    `resource: ${r.type} ${r.name}${r.arn ? ` (${r.arn})` : ''}`,
    ...(evidence.length ? ['evidence:', ...evidence.map(([k, v]) => `  ${k}: ${shown(v)}`)] : []),
    ...(finding.expiredWaiver ? [`exception expired on ${finding.expiredWaiver.until ?? '?'}${finding.expiredWaiver.reason ? ` (${finding.expiredWaiver.reason})` : ''}`] : []),
    ...(rule.remediation ? [`remediation: ${rule.remediation}`] : []),
  ].join('\n');
  const message = escaped(finding.message, ATTRIBUTE);
  switch (finding.status) {
    case 'fail':
      return `${head}\n      <failure message="${message}" type="${escaped(finding.severity, ATTRIBUTE)}">${escaped(details, TEXT)}</failure>\n    </testcase>`;
    case 'unknown':
      return `${head}\n      <error message="${message}" type="unknown">${escaped(details, TEXT)}</error>\n    </testcase>`;
    case 'waived':
      return `${head}\n      <skipped message="${escaped(finding.waiver?.until ? `waived until ${finding.waiver.until}` : 'waived', ATTRIBUTE)}"/>\n    </testcase>`;
  }
}

// Surrogate halves and characters XML cannot carry at the ends of values, where the renderer's lines meet.
const edgyText = fc.oneof(
  awkwardText,
  fc.tuple(awkwardText, fc.constantFrom('\uD800', '\uDC00', '\u0000', '>', '&', '\r')).map(([t, end]) => `${end}${t}${end}`),
);

describe('junitParts', () => {
  it('writes each finding as a testcase escaped as a whole: names, messages, evidence and the rule text', () => {
    const evidence = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), edgyText, fc.array(edgyText, { maxLength: 2 }));
    const waiver = fc.option(fc.record({ source: fc.constant('rule' as const), until: fc.constant('2027-03-01'), reason: fc.constant(null), location: fc.constant(null) }));
    const findingArb = findingArbitrary({ evidence, location: fc.record({ file: awkwardText, line: fc.nat(), column: fc.nat() }), waiver }).chain((f) =>
      fc.record({ name: edgyText, message: edgyText }).map(({ name, message }) => ({ ...f, message, resource: { ...f.resource, name } })),
    );
    fc.assert(
      fc.property(fc.array(findingArb, { maxLength: 6 }), (findings) => {
        // Each rule's findings together, in the rules' order, as evaluation lists them.
        const sorted = RULES.flatMap((rule) => findings.filter((f) => f.rule === rule.id));
        const result = { ...fixtureResult(), findings: sorted, summary: summarize(sorted, RULES.length, 0) };
        const xml = renderJunit(result);
        let from = 0;
        for (const finding of sorted) {
          const at = xml.indexOf(`${testcase(finding)}\n`, from);
          expect(at, testcase(finding)).toBeGreaterThanOrEqual(from);
          from = at + 1;
        }
        expect([...chunked(junitParts(result), 5)].join('')).toBe(xml);
      }),
    );
  });
});
