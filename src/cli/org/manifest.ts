/** Reading the manifest.json that `guard snapshot --org --out-dir` writes (format `guard-collection/v1`). */
import { describeJsonProblem, escapeInput, parseJson, quoteInput, readInputFile } from '../../model/index.ts';
import { UsageError } from '../io.ts';

export type ManifestEntry =
  | { readonly status: 'written'; readonly id: string; readonly name: string | null; readonly file: string }
  | { readonly status: 'failed'; readonly id: string; readonly name: string | null; readonly message: string }
  | { readonly status: 'skipped'; readonly id: string; readonly name: string | null; readonly reason: string };

export interface CollectionManifest {
  readonly organizationId: string | null;
  readonly accounts: readonly ManifestEntry[];
}

export const MANIFEST_FORMAT = 'guard-collection/v1';

/** The manifest, or a usage error naming the file and the first problem: without it nobody knows which accounts the directory should hold. */
export async function readManifest(path: string, shown: string): Promise<CollectionManifest> {
  const text = await readInputFile(path, shown, { noun: 'manifest', unreadable: 'usage/io', notText: 'usage/bad-flag' });
  if (!text.ok) throw new UsageError(text.errors[0].message);
  const parsed = parseJson(text.value);
  if (!parsed.ok) throw new UsageError(`manifest \`${escapeInput(shown)}\` is not valid JSON: ${describeJsonProblem(parsed.problems[0])}`);
  const data = parsed.value;
  const bad = (where: string, expected: string): UsageError => new UsageError(`manifest \`${escapeInput(shown)}\`: expected ${expected} at ${where}`);
  if (!isRecord(data)) throw bad('$', 'an object');
  if (data['format'] !== MANIFEST_FORMAT) {
    throw new UsageError(`manifest \`${escapeInput(shown)}\`: expected format \`${MANIFEST_FORMAT}\` but found ${typeof data['format'] === 'string' ? quoteInput(data['format']) : 'none'}`);
  }
  const list = data['accounts'];
  if (!Array.isArray(list)) throw bad('$.accounts', 'a list of accounts');
  const accounts = list.map((item: unknown, i): ManifestEntry => {
    const at = `$.accounts[${i}]`;
    if (!isRecord(item) || typeof item['id'] !== 'string' || item['id'] === '') throw bad(at, 'an account with an `id`');
    const id = item['id'];
    const name = typeof item['name'] === 'string' ? item['name'] : null;
    const text = (key: string): string | null => (typeof item[key] === 'string' ? (item[key] as string) : null);
    switch (item['status']) {
      case 'written': {
        const file = text('file');
        if (file === null || file === '') throw bad(`${at}.file`, 'the snapshot file of a written account');
        return { status: 'written', id, name, file };
      }
      case 'failed':
        return { status: 'failed', id, name, message: [text('code'), text('message')].filter((p) => p !== null).join(': ') || 'failed' };
      case 'skipped':
        return { status: 'skipped', id, name, reason: text('reason') ?? 'not active' };
      default:
        throw bad(`${at}.status`, '`written`, `failed` or `skipped`');
    }
  });
  return { organizationId: typeof data['organizationId'] === 'string' ? data['organizationId'] : null, accounts };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
