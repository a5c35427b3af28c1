/**
 * `npm run bench`: guard's evaluation against a hand-written TypeScript implementation of the same
 * rules on generated snapshots of 1k, 10k and 50k principals, and a whole `guard eval` process of the
 * built-in library on the large account (about 15 MB) against a process that reads and JSON.parses the
 * file, with peak memory and the output floor (JSON.stringify of the same report alone; whole-eval.ts); then `guard check` per megabyte of base64 noise and of valid
 * rules at 1, 2 and 5 MB, whose ratio says whether the front end is linear; then start-up: `--version`,
 * `--help` and `check` of one rule against `node -e 0`, from source and installed (startup.ts). Figures
 * are ratios measured in the same run (medians), so they mean something on any machine; nothing here
 * asserts a time. Then issue 13's (permissions.ts): `guard eval` of the library with and without its
 * effective-permissions theme, and `guard who-can iam:PassRole` against `guard eval`, on the same large
 * account. Then issue 14's (org.ts): `guard eval --snapshot dir/` of a synthetic organization against
 * JSON.parse of every file. `npm run bench -- eval [principals…]`, `-- permissions`, `-- check`,
 * `-- startup` or `-- org [--accounts N]` runs one part.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { compileProgram, evaluate, TRUE } from '../../src/engine/index.ts';
import { documentsAllow, documentTrusts, type Entity, type Model, normalizeSnapshot, type PolicyDocument, parseSnapshot, SCHEMA, UNKNOWN } from '../../src/model/index.ts';
import { checkRuleFiles } from '../../src/semantics/index.ts';
import { parseRuleFile } from '../../src/syntax/index.ts';
import { generateSnapshot } from './generate-snapshot.ts';
import { type Installed, install, uninstall } from './installed.ts';
import { benchOrganization } from './org.ts';
import { benchPermissions } from './permissions.ts';
import { median } from './processes.ts';
import { benchStartup } from './startup.ts';
import { benchWholeEval } from './whole-eval.ts';

const DAY = 86_400_000;

export const BENCH_RULES = `users with console access must have mfa
access keys where active and age > 90d denied
users unused > 90d denied
users must have at most 1 access keys where active
roles must not trust "*"
policies where attached must not allow "*" on "*"
roles unused > 90d and not service linked denied
`;

/** The same rules, written by hand over the same model: the baseline guard is measured against. */
function handWritten(model: Model): number {
  let findings = 0;
  const users = model.collections['users']?.entities ?? [];
  const keys = model.collections['access_keys']?.entities ?? [];
  const roles = model.collections['roles']?.entities ?? [];
  const policies = model.collections['policies']?.entities ?? [];
  // Kleene logic by hand: a value that is UNKNOWN makes the verdict unknown (still a finding).
  for (const u of users) {
    const consoleAccess = u.attrs['console_access'];
    const mfa = u.attrs['mfa'];
    if (consoleAccess === UNKNOWN || (consoleAccess === true && mfa !== true)) findings++;
    const unused = u.attrs['unused'];
    if (unused === UNKNOWN || (typeof unused === 'number' && unused > 90 * DAY)) findings++;
    const userKeys = u.attrs['access_keys'];
    if (userKeys === UNKNOWN) findings++;
    else if (Array.isArray(userKeys)) {
      let active = 0;
      for (const k of userKeys as readonly Entity[]) if (k.attrs['active'] !== false) active++;
      if (active > 1) findings++;
    }
  }
  for (const k of keys) {
    const active = k.attrs['active'];
    const age = k.attrs['age'];
    if (active === UNKNOWN || age === UNKNOWN || (active === true && typeof age === 'number' && age > 90 * DAY)) findings++;
  }
  for (const r of roles) {
    const trust = r.attrs['trust_policy'];
    if (trust === UNKNOWN || (Array.isArray(trust) && (trust as readonly PolicyDocument[]).some((d) => documentTrusts(d, '*')))) findings++;
    const unused = r.attrs['unused'];
    const serviceLinked = r.attrs['service_linked'];
    if (unused === UNKNOWN || (typeof unused === 'number' && unused > 90 * DAY && serviceLinked !== true)) findings++;
  }
  for (const p of policies) {
    if (p.attrs['attached'] !== true) continue;
    const docs = p.attrs['permissions'];
    if (docs === UNKNOWN || (Array.isArray(docs) && documentsAllow(docs as readonly PolicyDocument[], '*', '*'))) findings++;
  }
  return findings;
}

function time(repeat: number, fn: () => void): number {
  fn(); // warm up
  const samples: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

async function timeAsync(repeat: number, fn: () => Promise<void>): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const quietIo = (cwd: string): CliIo => ({ stdout: () => {}, stderr: () => {}, env: {}, stderrIsTTY: false, stdoutIsTTY: false, cwd });

async function benchSize(principals: number, dir: string): Promise<void> {
  const file = join(dir, `snapshot-${principals}.json`);
  const text = JSON.stringify(generateSnapshot(principals));
  await writeFile(file, text);

  const parsed = parseSnapshot(text, file);
  if (!parsed.ok) throw new Error(`generated snapshot is invalid: ${parsed.errors[0].message}`);
  const model = normalizeSnapshot(parsed.value);
  const ast = parseRuleFile(BENCH_RULES, 'bench.guard');
  const checked = checkRuleFiles([{ ast: ast.file, text: BENCH_RULES }], { schema: SCHEMA });
  if (!checked.ok) throw new Error(checked.errors[0].message);
  const prepared = compileProgram(checked.value);

  // Deciding verdicts: every rule over every entity of its collection, counting what does not pass.
  const guardVerdicts = (): number => {
    let open = 0;
    for (const { compiled } of prepared) {
      for (const entity of model.collections[compiled.rule.body.scope.collection]?.entities ?? []) if (compiled.verdict(entity) !== TRUE) open++;
    }
    return open;
  };
  const guardFindings = evaluate(prepared, model).findings.length;
  const handFindings = handWritten(model);
  if (guardVerdicts() !== handFindings || guardFindings !== handFindings) throw new Error('guard and the hand-written rules disagree');
  const repeat = principals >= 50_000 ? 5 : 11;
  const guardEval = time(repeat, () => void guardVerdicts());
  const handEval = time(repeat, () => void handWritten(model));
  const fullEval = time(repeat, () => void evaluate(prepared, model));
  const mb = (text.length / 1e6).toFixed(1);
  console.log(
    [
      `${String(principals).padStart(6)} principals, ${mb.padStart(5)} MB, ${String(guardFindings).padStart(6)} findings (hand-written: ${handFindings})`,
      `  evaluation   guard ${guardEval.toFixed(1)} ms  hand-written ${handEval.toFixed(1)} ms  ratio ${(guardEval / handEval).toFixed(2)}x (target ≤ 1.5x)`,
      `  findings     evaluate() with messages and evidence ${fullEval.toFixed(1)} ms`,
    ].join('\n'),
  );
}

const MB = 1_000_000;

/** Base64 of random bytes in lines of 76: every line a statement, with stray `+` and `/` in most. */
function base64Noise(bytes: number): string {
  return (
    randomBytes(Math.ceil((bytes * 3) / 4))
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  )
    .join('\n')
    .slice(0, bytes);
}

/** The bench rules as named rules with unique ids, repeated up to `bytes`. */
function validRules(bytes: number): string {
  const bodies = BENCH_RULES.trim().split('\n');
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const part = `rule r${i} severity high:\n  ${bodies[i % bodies.length] ?? ''}\n`;
    parts.push(part);
    length += part.length;
  }
  return parts.join('');
}

/** `guard check` milliseconds per megabyte at 1, 2 and 5 MB, and how far 5 MB is from proportional. */
async function benchCheck(dir: string): Promise<void> {
  for (const [name, make] of [
    ['noise (base64)', base64Noise],
    ['valid rules', validRules],
  ] as const) {
    const perMb: number[] = [];
    for (const mb of [1, 2, 5]) {
      const file = join(dir, `check-${mb}.guard`);
      await writeFile(file, make(mb * MB));
      const ms = await timeAsync(mb >= 5 ? 1 : 3, async () => {
        const code = await main(['check', file], quietIo(dir));
        if (code === 70) throw new Error('guard check failed with an internal error');
      });
      perMb.push(ms / mb);
    }
    const [one = Number.NaN, two = Number.NaN, five = Number.NaN] = perMb;
    console.log(
      [
        `guard check, ${name}`,
        `  per MB       1 MB ${one.toFixed(0)} ms  2 MB ${two.toFixed(0)} ms  5 MB ${five.toFixed(0)} ms`,
        `  linearity    2 MB/1 MB ${(two / one).toFixed(2)}x  5 MB/1 MB ${(five / one).toFixed(2)}x per MB (target ≤ 1.3x)`,
      ].join('\n'),
    );
  }
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PARTS = ['eval', 'permissions', 'check', 'startup', 'org'] as const;

const argv = process.argv.slice(2);
// `org --accounts N`: the organization's size (default 100; 1,000 is issue 14's, about 2 GB of snapshots).
const accountsAt = argv.indexOf('--accounts');
const accounts = accountsAt >= 0 ? Number(argv[accountsAt + 1]) : 100;
if (!(accounts > 0)) {
  console.error('bench: --accounts needs a number of accounts');
  process.exit(2);
}
const args = accountsAt >= 0 ? [...argv.slice(0, accountsAt), ...argv.slice(accountsAt + 2)] : argv;
const unknown = args.filter((a) => !PARTS.some((p) => p === a) && !(Number(a) > 0));
if (unknown.length) {
  console.error(`bench: unknown part \`${unknown.join(' ')}\` (parts: ${PARTS.join(', ')}; numbers are principals for eval)`);
  process.exit(2);
}

const dir = await mkdtemp(join(tmpdir(), 'guard-bench-'));
let installed: Installed | null = null;
try {
  const named = PARTS.filter((p) => args.includes(p));
  const parts = named.length ? named : PARTS;
  const sizes = args.map(Number).filter((n) => n > 0);
  // The whole-process parts time the installed package too: build it once.
  if (parts.includes('eval') || parts.includes('startup')) installed = await install(ROOT);
  if (parts.includes('eval')) {
    for (const n of sizes.length ? sizes : [1_000, 10_000, 50_000]) await benchSize(n, dir);
    await benchWholeEval(ROOT, installed ?? { kind: 'skipped', reason: 'not built' }, dir);
  }
  if (parts.includes('permissions')) await benchPermissions(ROOT, dir);
  if (parts.includes('check')) await benchCheck(dir);
  if (parts.includes('org')) await benchOrganization(ROOT, dir, BENCH_RULES, accounts);
  if (parts.includes('startup')) await benchStartup(ROOT, installed ?? { kind: 'skipped', reason: 'not built' }, dir);
} finally {
  if (installed) await uninstall(installed);
  await rm(dir, { recursive: true, force: true });
}
