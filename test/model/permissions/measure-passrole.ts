// Times `of(entity).query({ action: 'iam:PassRole', resource: null })` for every principal of the
// benchmark account (issue 12's large account), and a second query on the built sets (not a test:
// timings vary). Run: node test/model/permissions/measure-passrole.ts
import { normalizeSnapshot, parseSnapshot, UNKNOWN } from '../../../src/model/index.ts';
import { actionCatalog } from '../../../src/model/permissions/catalog.ts';
import { permissionAnalysis } from '../../../src/model/permissions/index.ts';
import { generateSnapshot, LARGE_ACCOUNT } from '../../bench/generate-snapshot.ts';

const outcome = parseSnapshot(JSON.stringify(generateSnapshot(LARGE_ACCOUNT)), 'bench.json');
if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
const model = normalizeSnapshot(outcome.value);
const catalog = actionCatalog();
catalog.lookup('iam:PassRole'); // load the iam service's data outside the timing
const analysis = permissionAnalysis(model, catalog);
const principals = analysis.principals();
const count = { unconditional: 0, conditional: 0, none: 0, unknown: 0 };
let t = performance.now();
for (const p of principals) {
  const set = analysis.of(p);
  if (set === UNKNOWN) count.unknown++;
  else count[set.query({ action: 'iam:PassRole', resource: null }).level]++;
}
const first = performance.now() - t;
t = performance.now();
for (const p of principals) {
  const set = analysis.of(p);
  if (set !== UNKNOWN) set.query({ action: 's3:GetObject', resource: 'arn:aws:s3:::payroll/x' });
}
const second = performance.now() - t;
t = performance.now();
for (const p of principals) {
  const set = analysis.of(p);
  if (set !== UNKNOWN) set.admin();
}
const admin = performance.now() - t;
console.log(`${principals.length} principals: PassRole (builds each set) ${first.toFixed(0)} ms, ${JSON.stringify(count)}; a second query ${second.toFixed(0)} ms; admin() ${admin.toFixed(0)} ms`);
