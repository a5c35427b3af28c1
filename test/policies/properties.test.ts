import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_POLICIES, loadRules } from '../../src/cli/load-rules.ts';
import { compileProgram, evaluate, type EvaluationResult } from '../../src/engine/index.ts';
import { UNKNOWN, normalizeSnapshot, parseSnapshot, type Entity, type Model, type PolicyDocument, type Value } from '../../src/model/index.ts';
import { snapshotArbitrary } from '../model/snapshot-arbitrary.ts';

/**
 * Library rules against independent oracles written from the wording over the normalized
 * model, and metamorphic properties across the library, on generated snapshots (every AWS input
 * form, sections missing or in `errors`).
 */
type Verdict = 'pass' | 'fail' | 'unknown';
const DAY = 86_400_000;

let prepared: ReturnType<typeof compileProgram>;
beforeAll(async () => {
  const loaded = await loadRules([BUILTIN_POLICIES], { cwd: process.cwd() });
  if (!loaded.program) throw new Error('library does not check');
  prepared = compileProgram(loaded.program);
});

function load(raw: unknown): Model {
  const parsed = parseSnapshot(JSON.stringify(raw), 'generated.json');
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return normalizeSnapshot(parsed.value);
}

/** The library's verdict per resource key for one rule: absent from findings means pass. */
function verdicts(result: EvaluationResult, rule: string): Map<string, Verdict> {
  const map = new Map<string, Verdict>();
  for (const f of result.findings) if (f.rule === rule) map.set(f.resource.key, f.status === 'unknown' ? 'unknown' : 'fail');
  return map;
}

// Kleene helpers for the oracles, on plain values.
const isTrue = (v: Value): Verdict => (v === UNKNOWN ? 'unknown' : v === true ? 'pass' : 'fail');
const kOr = (...vs: Verdict[]): Verdict => (vs.includes('pass') ? 'pass' : vs.includes('unknown') ? 'unknown' : 'fail');
const kNot = (v: Verdict): Verdict => (v === 'pass' ? 'fail' : v === 'fail' ? 'pass' : 'unknown');

const everyAction = (actions: readonly string[] | null): boolean => (actions ?? []).some((a) => a === '*' || a === '*:*');

/** Oracles: what each rule means, in the words, evaluated directly on entities. */
const ORACLES: Record<string, { collection: string; verdict: (e: Entity) => Verdict }> = {
  // "users with a console password have MFA"
  'user.console-mfa': { collection: 'users', verdict: (u) => kOr(kNot(isTrue(u.attrs['console_access'] ?? UNKNOWN)), isTrue(u.attrs['mfa'] ?? UNKNOWN)) },
  // "an active access key last rotated longer ago than 90 days; inactive keys never fail"
  'key.rotation': {
    collection: 'access_keys',
    verdict: (k) => {
      const active = k.attrs['active'] ?? UNKNOWN;
      const age = k.attrs['age'] ?? UNKNOWN;
      const old: Verdict = age === UNKNOWN ? 'unknown' : typeof age === 'number' && age > 90 * DAY ? 'pass' : 'fail';
      return kOr(kNot(isTrue(active)), kNot(old));
    },
  },
  // "a console password unused for longer than 45 days (last use, or when never used, last change, else creation)"
  'cred.password-unused': {
    collection: 'users',
    verdict: (u) => {
      const console = u.attrs['console_access'] ?? UNKNOWN;
      if (console === UNKNOWN) return 'unknown';
      if (console !== true) return 'pass';
      let since: Value = null;
      const candidates: readonly (Value | undefined)[] = [u.attrs['password_last_used'], u.attrs['password_last_changed'], u.attrs['created']];
      for (const at of candidates) {
        if (at === UNKNOWN || at === undefined) return 'unknown';
        if (at !== null) {
          since = at;
          break;
        }
      }
      if (typeof since !== 'number') return 'pass';
      return Date.UTC(2026, 10, 27, 10) - since > 45 * DAY ? 'fail' : 'pass';
    },
  },
  // "root has no access key, active or not"
  'root.no-access-keys': {
    collection: 'root',
    verdict: (r) => {
      const keys = r.attrs['access_keys'] ?? UNKNOWN;
      return keys === UNKNOWN ? 'unknown' : Array.isArray(keys) && keys.length > 0 ? 'fail' : 'pass';
    },
  },
  // "no attached policy has an Allow statement granting * on *" (and no unconditional Deny of it);
  // `*:*` names every action as `*` does.

  'pol.no-admin-star': {
    collection: 'policies',
    verdict: (p) => {
      const attached = isTrue(p.attrs['attached'] ?? UNKNOWN);
      const docs = p.attrs['permissions'] ?? UNKNOWN;
      const grants: Verdict =
        docs === UNKNOWN
          ? 'unknown'
          : (docs as readonly PolicyDocument[]).some(
                (d) =>
                  d.statements.some((s) => s.effect === 'Allow' && everyAction(s.actions) && (s.resources ?? []).includes('*')) &&
                  !d.statements.some((s) => s.effect === 'Deny' && s.conditions.length === 0 && everyAction(s.actions) && (s.resources ?? []).includes('*')),
              )
            ? 'pass'
            : 'fail';
      return kOr(kNot(attached), kNot(grants));
    },
  },
};

describe('library rules agree with independent oracles on generated snapshots', () => {
  for (const [rule, oracle] of Object.entries(ORACLES)) {
    it(rule, () => {
      fc.assert(
        fc.property(snapshotArbitrary, (raw) => {
          const model = load(raw);
          const result = evaluate(prepared, model);
          const actual = verdicts(result, rule);
          const collection = model.collections[oracle.collection];
          if (!collection?.known) {
            expect([...actual.values()]).toEqual(['unknown']);
            return;
          }
          for (const entity of collection.entities) expect([rule, entity.key, actual.get(entity.key) ?? 'pass']).toEqual([rule, entity.key, oracle.verdict(entity)]);
        }),
        { numRuns: 150 },
      );
    });
  }
});

/** Applies `f` to every policy document in the raw snapshot, keeping each document's written form. */
function mapDocuments(raw: Record<string, unknown>, f: (doc: { Statement: unknown }) => unknown): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(raw)) as Record<string, unknown>;
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const url = !value.trimStart().startsWith('{');
      const doc = JSON.parse(url ? decodeURIComponent(value) : value) as { Statement: unknown };
      const text = JSON.stringify(f(doc));
      return url ? encodeURIComponent(text) : text;
    }
    return f(value as { Statement: unknown });
  };
  const iam = copy['iam'] as Record<string, { UserDetailList?: unknown[]; GroupDetailList?: unknown[]; RoleDetailList?: unknown[]; Policies?: unknown[] }> | undefined;
  const details = iam?.['authorizationDetails'];
  if (!details) return copy;
  for (const list of [details.UserDetailList, details.GroupDetailList, details.RoleDetailList]) {
    for (const principal of (list ?? []) as Record<string, { PolicyDocument: unknown }[] | undefined>[]) {
      for (const key of ['UserPolicyList', 'GroupPolicyList', 'RolePolicyList']) for (const p of principal[key] ?? []) p.PolicyDocument = rewrite(p.PolicyDocument);
    }
  }
  for (const policy of (details.Policies ?? []) as { PolicyVersionList: { Document: unknown }[] }[]) {
    for (const version of policy.PolicyVersionList) version.Document = rewrite(version.Document);
  }
  return copy;
}

const failing = (result: EvaluationResult, prefix: string): string[] =>
  result.findings.filter((f) => f.rule.startsWith(prefix) && f.status === 'fail').map((f) => `${f.rule} ${f.resource.key}`).sort();

describe('metamorphic properties of the library', () => {
  it('adding a Deny statement never creates a finding of the pol.* rules', () => {
    const deny = { Effect: 'Deny', Action: ['s3:DeleteBucket', 'iam:*'], Resource: '*' };
    fc.assert(
      fc.property(snapshotArbitrary, (raw) => {
        const before = failing(evaluate(prepared, load(raw)), 'pol.');
        const denied = mapDocuments(raw as Record<string, unknown>, (doc) => ({
          ...doc,
          Statement: [...(Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]), deny],
        }));
        const after = failing(evaluate(prepared, load(denied)), 'pol.');
        for (const finding of after) expect(before).toContain(finding);
      }),
      { numRuns: 100 },
    );
  });

  it('rewriting documents between equivalent forms (single statement vs list) changes no verdict', () => {
    fc.assert(
      fc.property(snapshotArbitrary, (raw) => {
        const before = evaluate(prepared, load(raw)).findings.map((f) => `${f.rule} ${f.resource.key} ${f.status}`).sort();
        const listed = mapDocuments(raw as Record<string, unknown>, (doc) => ({ ...doc, Statement: Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement] }));
        const after = evaluate(prepared, load(listed)).findings.map((f) => `${f.rule} ${f.resource.key} ${f.status}`).sort();
        expect(after).toEqual(before);
      }),
      { numRuns: 100 },
    );
  });

  it('removing the credential report turns what depended on it into unknown, never into pass', () => {
    fc.assert(
      fc.property(snapshotArbitrary, (raw) => {
        const before = evaluate(prepared, load(raw));
        const copy = JSON.parse(JSON.stringify(raw)) as { iam: Record<string, unknown>; errors: { section: string }[] };
        delete copy.iam['credentialReport'];
        copy.errors = [...copy.errors.filter((e) => e.section !== 'iam.credentialReport'), { section: 'iam.credentialReport' }];
        const after = evaluate(prepared, load(copy));
        const open = new Set(after.findings.map((f) => `${f.rule} ${f.resource.key}`));
        const wholeCollectionUnknown = new Set(after.findings.filter((f) => f.resource.key.startsWith('collection/')).map((f) => f.rule));
        for (const f of before.findings) {
          // Root rules fall back to the account summary, another section, which may decide them.
          if (f.status !== 'fail' || f.rule.startsWith('root.')) continue;
          // A failure may stay a failure (decided by other sections) or become unknown; it never passes.
          expect(open.has(`${f.rule} ${f.resource.key}`) || wholeCollectionUnknown.has(f.rule), `${f.rule} on ${f.resource.key}`).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });
});
