import type { RowError } from '../../domain/upload';
import { cell } from './compliance-csv';

/** An upload's full error report: one line per field error of each rejected row, in row order. */
export async function* uploadErrorsCsv(rows: AsyncIterable<RowError>): AsyncIterable<string> {
  yield 'row,field,reason\n';
  for await (const { row, errors } of rows) {
    // One string per row: a report of a million rows is a million writes, not millions.
    yield errors.map((e) => `${row},${cell(e.field)},${cell(e.reason)}\n`).join('');
  }
}
