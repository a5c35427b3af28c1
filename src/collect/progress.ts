/** What the collector reports while it works; displays and logs are listeners (see progress-display.ts). */
export type CollectEvent =
  | { readonly kind: 'account-started'; readonly account: string; readonly label: string }
  | { readonly kind: 'section-started'; readonly account: string; readonly section: string }
  | { readonly kind: 'section-progress'; readonly account: string; readonly section: string; readonly detail: string }
  | { readonly kind: 'section-finished'; readonly account: string; readonly section: string; readonly detail: string; readonly ms: number }
  | {
      readonly kind: 'section-failed';
      readonly account: string;
      readonly section: string;
      readonly code: string;
      readonly message: string;
      readonly ms: number;
    }
  | { readonly kind: 'account-finished'; readonly account: string; readonly ms: number; readonly calls: number; readonly errors: number }
  | { readonly kind: 'account-failed'; readonly account: string; readonly code: string; readonly message: string };

export type ProgressListener = (event: CollectEvent) => void;

export const IGNORE_PROGRESS: ProgressListener = () => {};
