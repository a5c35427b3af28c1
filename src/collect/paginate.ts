/** One page of a paginated AWS call: its items and the token for the next page, if any. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly next: string | undefined;
}

/** Thrown when a service hands back a token it already gave: following it would loop forever. */
export class PaginationLoopError extends Error {
  override readonly name = 'PaginationLoop';
}

// A generous ceiling: 10,000 pages of 1,000 items is far beyond any account; reaching it means a bug or a
// misbehaving endpoint, and stopping beats hanging.
const MAX_PAGES = 10_000;

/**
 * Calls `fetchPage` until the service says there is no next page and returns every item in order.
 * `onPage` sees the running page count (for progress displays).
 */
export async function collectPages<T>(fetchPage: (token: string | undefined) => Promise<Page<T>>, onPage: (pages: number) => void = () => {}): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let pages = 1; pages <= MAX_PAGES; pages++) {
    const page = await fetchPage(token);
    items.push(...page.items);
    onPage(pages);
    if (page.next === undefined || page.next === '') return items;
    if (seen.has(page.next)) throw new PaginationLoopError(`the service returned the page token \`${page.next.slice(0, 40)}\` twice`);
    seen.add(page.next);
    token = page.next;
  }
  throw new PaginationLoopError(`gave up after ${MAX_PAGES} pages`);
}

/** A page from an IAM-style response (`IsTruncated` + `Marker`). */
export function markerPage<T>(items: readonly T[] | undefined, isTruncated: boolean | undefined, marker: string | undefined): Page<T> {
  return { items: items ?? [], next: isTruncated === true ? (marker ?? undefined) : undefined };
}

/** Runs `task` over `inputs` with at most `limit` in flight; results keep the input order. */
export async function mapBounded<I, O>(inputs: readonly I[], limit: number, task: (input: I, index: number) => Promise<O>): Promise<O[]> {
  const results = new Array<O>(inputs.length);
  let nextIndex = 0;
  const worker = async (): Promise<void> => {
    while (nextIndex < inputs.length) {
      const index = nextIndex++;
      // INVARIANT: index < inputs.length, checked just above before the increment.
      results[index] = await task(inputs[index] as I, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, inputs.length)) }, worker));
  return results;
}
