import { REPORT_HEADER } from './fixtures.ts';

/** A credential report built by `report()` with one column taken out of the header and every row. */
export function withoutColumn(text: string, column: string): string {
  const index = REPORT_HEADER.split(',').indexOf(column);
  if (index < 0) throw new Error(`no report column ${column}`);
  return text
    .split('\n')
    .map((line) =>
      line === ''
        ? line
        : line
            .split(',')
            .filter((_, i) => i !== index)
            .join(','),
    )
    .join('\n');
}
