import { pipeline } from 'node:stream';
import { parse, type CsvError, type Parser } from 'csv-parse';
import { PayloadTooLargeError } from '../errors';
import { mapColumns, type LeadColumn } from './columns';
import { REQUIRED_COLUMNS, validateLeadRecord } from './lead-record';
import type { FieldError, LeadRowOptions, RowResult } from './lead-rows';

const HEADER_ROW = 1;
/** A lead row is a few hundred bytes; anything near this is not a lead, and is never held whole. */
export const MAX_CSV_ROW_BYTES = 64 * 1024;

/**
 * Streams an uploaded lead list row by row, never holding more than csv-parse's buffer. The header row is
 * required; a missing or repeated column ends the upload with one row-1 result listing every such column. Blank
 * rows are skipped (they keep their row number). A row whose cell count differs from the header's is rejected:
 * its values would land in the wrong columns. A row longer than MAX_CSV_ROW_BYTES ends the upload with a
 * PayloadTooLargeError (thrown by the iteration) once that many bytes of it are read: the rest is never read.
 */
export async function* parseLeadCsv(
  input: NodeJS.ReadableStream | AsyncIterable<Buffer | string>,
  options: LeadRowOptions = {},
): AsyncGenerator<RowResult> {
  const now = options.now ?? new Date();
  const unreadable: RowResult[] = [];
  const parser = parse({
    bom: true,
    // Excel writes 12" and 5'10" unquoted; reading them as text beats rejecting the row.
    relax_quotes: true,
    relax_column_count: true,
    // csv-parse destroys its stream on a hard error, dropping rows already parsed but not yet read: skipping the
    // broken record instead keeps them. The one error these options leave, a quote never closed, swallows the
    // rest of the file, so it is reported after every row read.
    skip_records_with_error: true,
    max_record_size: MAX_CSV_ROW_BYTES,
    on_skip: (error: CsvError | undefined) => {
      const row = parser.info.records + 1;
      if (error?.code === 'CSV_MAX_RECORD_SIZE') {
        parser.destroy(
          new PayloadTooLargeError(
            `row ${row} is longer than the limit of ${MAX_CSV_ROW_BYTES} bytes per row`,
            'row',
            {
              row,
              maxRowBytes: MAX_CSV_ROW_BYTES,
            },
          ),
        );
      } else if (error) unreadable.push(rowError(row, 'row', unreadableReason(error)));
    },
  });
  withoutStackTraces(parser);
  // A failing source destroys the parser, so its error reaches the loop below.
  pipeline(input, parser, () => {});

  let columns: Array<LeadColumn | null> | undefined;
  let row = 0;
  for await (const cells of parser as AsyncIterable<string[]>) {
    row += 1;
    if (!columns) {
      const header = readHeader(cells);
      if (header.errors.length > 0) {
        yield { ok: false, row: HEADER_ROW, errors: header.errors };
        return;
      }
      columns = header.columns;
    } else if (cells.some((cell) => cell.trim() !== '')) {
      yield cells.length === columns.length
        ? validateLeadRecord(recordOf(columns, cells), row, { now })
        : rowError(row, 'row', `has ${cells.length} cells but the header has ${columns.length} columns`);
    }
  }
  if (unreadable.length > 0) yield* unreadable;
  else if (!columns) yield { ok: false, row: HEADER_ROW, errors: readHeader([]).errors };
}

/**
 * csv-parse builds an Error (two stack captures) for every row whose cell count differs from the header's, even
 * when told to let such rows through: ~25 µs a row, most of the cost of a file of junk rows. Its parsing of a
 * chunk is synchronous and nothing there needs a stack, so it runs without them.
 */
function withoutStackTraces(parser: Parser): void {
  const transform = parser._transform.bind(parser);
  parser._transform = (chunk, encoding, done) => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      transform(chunk, encoding, done);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
}

function readHeader(names: string[]): { columns: Array<LeadColumn | null>; errors: FieldError[] } {
  const { columns, errors } = mapColumns(names);
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.includes(column)).map((column) => ({
    field: column,
    reason: 'is missing from the header row',
  }));
  return { columns, errors: [...missing, ...errors] };
}

function recordOf(columns: Array<LeadColumn | null>, cells: string[]): Record<string, string> {
  const record: Record<string, string> = {};
  columns.forEach((column, i) => {
    if (column) record[column] = cells[i] ?? '';
  });
  return record;
}

function unreadableReason(error: CsvError): string {
  return error.code === 'CSV_QUOTE_NOT_CLOSED'
    ? 'opens a quote that is never closed, so it and the rest of the file cannot be read'
    : `cannot be read as CSV (${error.message})`;
}

function rowError(row: number, field: string, reason: string): RowResult {
  return { ok: false, row, errors: [{ field, reason }] };
}
