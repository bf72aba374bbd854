import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { schemaFingerprint } from "../schema/fingerprint";
import { normalizeSchema } from "../schema/normalize";
import { isFloat32Vector } from "../schema/traits";
import type { CollectionSchema } from "../schema/types";
import type { ColumnBatch } from "../validate/columns";
import { type InputColumns, validateColumns } from "../validate/columnValidator";
import { DataValidationError, DEFAULT_ISSUE_LIMIT, IssueCollector, type Location } from "../validate/issues";
import { RowValidator } from "../validate/rowValidator";
import { type OnDuplicatePk, PrimaryKeyTracker } from "./duplicateKeys";
import type { EncodedFile, FormatOptions, SegmentEncoder } from "./encoder";
import { ENCODERS, parseFormat, type WriterFormat } from "./formats";
import { writeIdentity } from "./identity";
import { type IoThreads, sharedIoThreads } from "./ioThreads";
import type { Manifest, ManifestFile } from "./manifest";
import { NumpyUnsupportedError, numpyUnsupported } from "./numpyEncoder";
import { sharedVectorText, type VectorText } from "./vectorText";

export const MB = 1024 * 1024;
export const DEFAULT_SEGMENT_SIZE = 512 * MB;
const ROW_STAGE = 4096;

export interface BulkWriterOptions extends FormatOptions {
  /** Collection schema (any spelling normalizeSchema accepts). */
  schema: CollectionSchema | unknown;
  /** Folder that receives `<identity>/...` (created if missing). */
  localPath: string;
  /** json | parquet | numpy | csv (pymilvus BulkFileType names accepted). Default parquet. */
  fileType?: WriterFormat | string;
  /** Maximum bytes per segment file (NumPy: per segment folder). Default 512 MiB. */
  segmentSize?: number;
  /** pymilvus name for segmentSize. */
  chunkSize?: number;
  /** Issues reported before appends stop (default 100). */
  issueLimit?: number;
  /** Name used in issue locations for appendRow without a location (default "rows"). */
  sourceName?: string;
  /**
   * Rows sharing a primary key (in one source or across several): "warn" (default) commits and reports
   * them in the manifest (`duplicatePrimaryKeys`); "error" fails the commit and keeps no files.
   */
  onDuplicatePk?: OnDuplicatePk;
  /**
   * Write and hash files on two worker threads while this thread encodes (default true): about 1.5-2x
   * the throughput of binary formats on two cores; JSON/CSV also format float vectors on a third.
   * false keeps everything on the calling thread.
   */
  ioThreads?: boolean;
}

/** A write that failed after validation (disk full, permission, ...); no files are left behind. */
export class BulkWriteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BulkWriteError";
  }
}

/**
 * pymilvus-style LocalBulkWriter with content-addressed output: files are staged in a hidden folder and
 * moved to `<localPath>/<identity>/` on commit, where identity hashes schema + options + data, so the
 * same rows give byte-identical files under the same name. Unlike pymilvus, commit() surfaces every
 * write failure and leaves no partial file, and it finishes the writer (append after commit throws).
 */
export class LocalBulkWriter {
  readonly schema: CollectionSchema;
  readonly format: WriterFormat;
  readonly segmentSize: number;
  readonly fingerprint: string;
  private readonly options: FormatOptions;
  private readonly root: string;
  private readonly staging: string;
  private readonly rowValidator: RowValidator;
  private readonly issues: IssueCollector;
  private readonly sourceName: string;
  private encoder: SegmentEncoder | undefined;
  private io: IoThreads | undefined;
  private vectorText: VectorText | undefined;
  private segment = 0;
  private segments: EncodedFile[][] = [];
  private rowsAppended = 0;
  private stagedLocations = 0;
  private state: "open" | "committed" | "failed" = "open";
  private readonly primaryKeys: PrimaryKeyTracker | undefined;
  private readonly onDuplicatePk: OnDuplicatePk;
  private result: Manifest | undefined;

  constructor(opts: BulkWriterOptions) {
    this.schema = normalizeSchema(opts.schema);
    this.format = parseFormat(opts.fileType ?? "parquet");
    this.segmentSize = opts.segmentSize ?? opts.chunkSize ?? DEFAULT_SEGMENT_SIZE;
    if (!(this.segmentSize > 0)) throw new Error(`segmentSize must be positive, got ${this.segmentSize}`);
    this.options = {};
    if (this.format === "csv") {
      this.options.csvSeparator = opts.csvSeparator ?? ",";
      this.options.csvNullKey = opts.csvNullKey ?? "";
      if ([...this.options.csvSeparator].length !== 1 || /["\r\n\0]/.test(this.options.csvSeparator)) {
        throw new Error(
          `csvSeparator must be one character other than quote, CR, LF, NUL; got ${JSON.stringify(this.options.csvSeparator)}`,
        );
      }
    }
    if (this.format === "parquet" && opts.parquetRowGroupBytes)
      this.options.parquetRowGroupBytes = opts.parquetRowGroupBytes;
    this.fingerprint = schemaFingerprint(this.schema);
    this.root = resolve(opts.localPath);
    this.staging = join(this.root, `.staging-${process.pid}-${randomBytes(6).toString("hex")}`);
    this.rowValidator = new RowValidator(this.schema);
    this.issues = new IssueCollector(opts.issueLimit ?? DEFAULT_ISSUE_LIMIT);
    this.sourceName = opts.sourceName ?? "rows";
    const pk = this.schema.fields.find((f) => f.isPrimary && !f.autoId);
    this.primaryKeys = pk ? new PrimaryKeyTracker(pk.name) : undefined;
    this.onDuplicatePk = opts.onDuplicatePk ?? "warn";
    if (this.onDuplicatePk !== "warn" && this.onDuplicatePk !== "error")
      throw new Error(`onDuplicatePk must be "error" or "warn", got ${JSON.stringify(opts.onDuplicatePk)}`);
    // Started now so the threads are up by the first write.
    if (opts.ioThreads ?? true) {
      this.io = sharedIoThreads();
      if ((this.format === "json" || this.format === "csv") && this.schema.fields.some(isFloat32Vector))
        this.vectorText = sharedVectorText();
    }
    if (this.format === "numpy") {
      // Fail at construction, before any data, for schemas NumPy cannot carry.
      const bad = numpyUnsupported(this.schema.fields);
      if (bad.length) throw new NumpyUnsupportedError(bad.join("; "));
    }
  }

  /** Validates and buffers one row. Throws DataValidationError once the issue limit is reached. */
  appendRow(row: unknown, loc?: Location): void {
    this.assertOpen();
    this.stagedLocations++;
    const where = loc ?? { file: this.sourceName, row: this.stagedLocations };
    this.rowValidator.add(row, where, this.issues);
    if (this.issues.full) this.failWithIssues(false);
    if (this.rowValidator.pending >= ROW_STAGE) this.drainRows();
  }

  appendRows(rows: Iterable<unknown>): void {
    for (const r of rows) this.appendRow(r);
  }

  /**
   * Columnar fast path: whole columns, e.g. `{id: BigInt64Array, vector: Float32Array(n·dim), title: string[]}`.
   * Typed arrays in the storage type are checked in one pass and not copied until written.
   */
  appendColumns(columns: InputColumns, length: number, loc?: Location): void {
    this.assertOpen();
    this.drainRows();
    const where = loc ?? { file: this.sourceName, row: this.stagedLocations + 1 };
    const batch = validateColumns(this.schema, columns, length, where, this.issues);
    this.stagedLocations += length;
    if (!batch) {
      if (this.issues.full) this.failWithIssues(false);
      return;
    }
    if (this.issues.total === 0) this.encode(batch);
  }

  /** Rows accepted so far. */
  get totalRows(): number {
    return this.rowsAppended + this.rowValidator.pending;
  }

  /** `<localPath>/<identity>` once committed. */
  get dataPath(): string {
    if (!this.result) throw new Error("dataPath is known after commit(): it is named by the content hash");
    return join(this.root, this.result.identity);
  }

  /** Absolute file paths per segment (pymilvus batch_files). */
  get batchFiles(): string[][] {
    const m = this.manifest;
    const bySeg = new Map<number, string[]>();
    for (const f of m.files) {
      const list = bySeg.get(f.segment) ?? [];
      list.push(join(this.root, m.identity, f.path));
      bySeg.set(f.segment, list);
    }
    return [...bySeg.values()];
  }

  get manifest(): Manifest {
    if (!this.result) throw new Error("the manifest is known after commit()");
    return this.result;
  }

  /** Writes everything, moves it to `<localPath>/<identity>/`, returns the manifest. */
  async commit(): Promise<Manifest> {
    if (this.result) return this.result;
    this.assertOpen();
    try {
      this.drainRows();
      if (!this.issues.ok) this.failWithIssues();
      const duplicates = this.primaryKeys?.duplicates();
      if (duplicates && this.onDuplicatePk === "error") {
        const pk = this.schema.fields.find((f) => f.isPrimary)!.name;
        throw new DataValidationError(
          duplicates.first.map((k) => ({
            file: this.sourceName,
            row: 0,
            field: pk,
            expected: 'unique primary keys (onDuplicatePk: "error")',
            got: `${k} more than once`,
          })),
          duplicates.count,
        );
      }
      this.finishSegment();
      const files: ManifestFile[] = [];
      for (let s = 0; s < this.segments.length; s++) {
        for (const f of this.segments[s]) {
          const sha256 = await f.sha256; // renamed into place by then
          const abs = join(this.staging, f.path);
          files.push({ path: f.path, size: statSync(abs).size, sha256, rows: f.rows, segment: s + 1 });
        }
      }
      this.stopIo();
      const identity = writeIdentity({
        schemaFingerprint: this.fingerprint,
        format: this.format,
        options: { ...this.options, segmentSize: this.segmentSize },
        files,
      });
      const target = join(this.root, identity);
      if (files.length === 0) rmSync(this.staging, { recursive: true, force: true });
      else if (existsSync(target)) {
        // Same identity ⇒ same bytes: keep what is there (idempotent re-run).
        rmSync(this.staging, { recursive: true, force: true });
      } else renameSync(this.staging, target);
      this.state = "committed";
      this.result = {
        format: this.format,
        identity,
        schemaFingerprint: this.fingerprint,
        totalRows: this.rowsAppended,
        files,
        ...(duplicates ? { duplicatePrimaryKeys: duplicates } : {}),
      };
      return this.result;
    } catch (e) {
      this.cleanup();
      if (
        e instanceof Error &&
        (e.name === "DataValidationError" ||
          e.name === "NumpyUnsupportedError" ||
          e instanceof BulkWriteError)
      )
        throw e;
      throw new BulkWriteError(`bulk write failed, no files kept: ${(e as Error).message}`, { cause: e });
    }
  }

  /** Drops everything written so far. */
  abort(): void {
    this.cleanup();
  }

  private assertOpen(): void {
    if (this.state === "committed")
      throw new Error("writer already committed; create a new writer for more data");
    if (this.state === "failed") throw new Error("writer failed earlier; create a new writer");
  }

  private cleanup(): void {
    this.state = "failed";
    try {
      this.encoder?.abort();
      // The I/O threads must be done with the staging folder before it is removed.
      this.io?.drain();
    } catch {
      // best effort: the staging folder removal below covers it
    }
    this.stopIo();
    this.encoder = undefined;
    rmSync(this.staging, { recursive: true, force: true });
  }

  private stopIo(): void {
    this.io = undefined;
  }

  /** `complete`: false when appends stop at the issue limit (the rest of the input is not checked). */
  private failWithIssues(complete = true): never {
    this.cleanup();
    this.issues.throwIfAny(complete);
    throw new Error("unreachable");
  }

  private drainRows(): void {
    if (this.rowValidator.pending === 0) return;
    const batch = this.rowValidator.take();
    if (this.issues.total === 0) this.encode(batch);
  }

  private encode(batch: ColumnBatch): void {
    try {
      let i = 0;
      while (i < batch.length) {
        if (!this.encoder) {
          mkdirSync(this.staging, { recursive: true });
          this.segment++;
          this.encoder = ENCODERS[this.format]({
            schema: this.schema,
            dir: this.staging,
            segment: this.segment,
            options: this.options,
            io: this.io,
            vectorText: this.vectorText,
          });
        }
        const enc = this.encoder;
        let j = i;
        let add = 0;
        // Text encoders hold measured rows as strings until appended: keep that window small so
        // the heap stays small (a 20k-row window of 7 KB rows made GC dominate).
        const limit = Math.min(
          batch.length,
          i + (this.format === "json" || this.format === "csv" ? 256 : 65536),
        );
        while (j < limit) {
          const b = enc.measure(batch, j);
          if (enc.rows + (j - i) > 0 && enc.bytes + add + b > this.segmentSize) break;
          add += b;
          j++;
        }
        enc.append(batch, i, j);
        this.primaryKeys?.add(batch, i, j);
        this.rowsAppended += j - i;
        if (j < limit) this.finishSegment();
        i = j;
      }
    } catch (e) {
      this.cleanup();
      throw e;
    }
  }

  private finishSegment(): void {
    const enc = this.encoder;
    if (!enc) return;
    this.encoder = undefined;
    if (enc.rows === 0) {
      enc.abort();
      this.segment--;
      return;
    }
    this.segments.push(enc.finish());
  }
}
