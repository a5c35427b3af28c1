// Measures snapshot loading against JSON.parse on a generated snapshot (not a test: timings vary).
// Run: npx node test/model/measure-load.ts [principals]   (default 50000)
import { normalizeSnapshot, parseSnapshot } from '../../src/model/index.ts';
import { validateSnapshot } from '../../src/model/validate-snapshot.ts';
import { largeSnapshotText } from './large-snapshot.ts';

const principals = Number(process.argv[2] ?? 50_000);
const text = largeSnapshotText(principals);
const bytes = new TextEncoder().encode(text);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const time = (f: () => unknown, runs = 7): number => {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    out.push(performance.now() - t);
  }
  return median(out);
};
parseSnapshot(bytes, 'warmup'); // compile the schema validator once
const parsed = JSON.parse(text) as unknown;
const jsonParse = time(() => JSON.parse(new TextDecoder().decode(bytes)));
const validate = time(() => validateSnapshot(parsed));
let snapshotValue: unknown;
const load = time(() => {
  const o = parseSnapshot(bytes, 'x');
  if (!o.ok) throw new Error(JSON.stringify(o.errors));
  snapshotValue = o.value;
});
const normalize = time(() => normalizeSnapshot(snapshotValue as Parameters<typeof normalizeSnapshot>[0]));
const total = time(() => {
  const o = parseSnapshot(bytes, 'x');
  if (o.ok) normalizeSnapshot(o.value);
});
const model = normalizeSnapshot(snapshotValue as Parameters<typeof normalizeSnapshot>[0]);
const entities = Object.values(model.collections).reduce((n, c) => n + c.entities.length, 0);
console.log(
  JSON.stringify(
    {
      principals,
      megabytes: +(bytes.length / 1e6).toFixed(1),
      entities,
      ms: { jsonParse: +jsonParse.toFixed(0), validate: +validate.toFixed(0), parseSnapshot: +load.toFixed(0), normalize: +normalize.toFixed(0), total: +total.toFixed(0) },
      ratioToJsonParse: +(total / jsonParse).toFixed(2),
    },
    null,
    2,
  ),
);
