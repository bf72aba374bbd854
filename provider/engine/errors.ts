/**
 * Errors of the local engine. `code` is the Milvus merr code a real server would return for the same
 * condition, so the emulator can put it straight into a REST envelope.
 */
export class EngineError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = "EngineError";
  }
}

export const CODES = {
  collectionNotFound: 100,
  collectionNotLoaded: 101,
  partitionNotFound: 200,
  indexNotFound: 700,
  databaseNotFound: 800,
  invalidParameter: 1100,
  importFailed: 2100,
  unexpected: 65535,
} as const;

export function collectionNotFound(db: string, name: string): EngineError {
  return new EngineError(
    CODES.collectionNotFound,
    `collection not found[database=${db}][collection=${name}]`,
  );
}

export function invalidParameter(detail: string): EngineError {
  return new EngineError(CODES.invalidParameter, `${detail}: invalid parameter`);
}

export function importFailed(detail: string): EngineError {
  return new EngineError(CODES.importFailed, `${detail}: importing data failed`);
}

/** One bad value or row in an import file, located precisely. Rows are 1-based data rows. */
export interface FileProblem {
  file: string;
  row?: number;
  field?: string;
  message: string;
}

export function formatProblem(p: FileProblem): string {
  const where = [
    p.file,
    p.row !== undefined ? `row ${p.row}` : undefined,
    p.field ? `field '${p.field}'` : undefined,
  ]
    .filter(Boolean)
    .join(", ");
  return `${where}: ${p.message}`;
}

/**
 * Collects problems across a file so one run reports many at once; stops collecting (but keeps
 * counting) past `limit` so a file full of bad rows cannot exhaust memory.
 */
export class ProblemList {
  readonly items: FileProblem[] = [];
  total = 0;
  constructor(private readonly limit = 50) {}
  add(p: FileProblem): void {
    this.total++;
    if (this.items.length < this.limit) this.items.push(p);
  }
  get empty(): boolean {
    return this.total === 0;
  }
  summary(): string {
    const shown = this.items.map(formatProblem).join("; ");
    const more = this.total > this.items.length ? ` (and ${this.total - this.items.length} more)` : "";
    return `${shown}${more}`;
  }
}

/** Thrown by a value check; the reader adds file/row/field and records it in a ProblemList. */
export class ValueError extends Error {}

/** Thrown by a reader for a problem with the whole file (format, header, schema mismatch). */
export class FileFormatError extends Error {
  constructor(
    message: string,
    readonly problems?: FileProblem[],
  ) {
    super(message);
  }
}
