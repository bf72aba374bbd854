import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ObjectStore } from "../storage/types";
import { BulkWriteError, type BulkWriterOptions, LocalBulkWriter } from "./bulkWriter";
import type { Manifest } from "./manifest";

export interface RemoteBulkWriterOptions extends Omit<BulkWriterOptions, "localPath"> {
  /** Where files go in the store: `<remotePath>/<identity>/<n>.<ext>`. */
  remotePath: string;
  store: ObjectStore;
  /** Local staging folder (default: the OS temp folder). */
  localPath?: string;
  /** Keep the local copies after upload (default false, like pymilvus). */
  keepLocal?: boolean;
}

/**
 * LocalBulkWriter + upload: commit() writes locally, then uploads every file with putFile (SHA-256
 * attached, so identical re-uploads are skipped by stores that support it). Upload failures throw.
 */
export class RemoteBulkWriter {
  readonly local: LocalBulkWriter;
  readonly store: ObjectStore;
  readonly remotePath: string;
  private readonly keepLocal: boolean;
  private uploaded: Manifest | undefined;

  constructor(opts: RemoteBulkWriterOptions) {
    const { remotePath, store, keepLocal, localPath, ...rest } = opts;
    this.local = new LocalBulkWriter({
      ...rest,
      localPath: localPath ?? join(tmpdir(), "pulumi-milvus-import-bulkwriter"),
    });
    this.store = store;
    this.remotePath = remotePath.replace(/^\/+|\/+$/g, "");
    this.keepLocal = keepLocal ?? false;
  }

  appendRow(...args: Parameters<LocalBulkWriter["appendRow"]>): void {
    this.local.appendRow(...args);
  }
  appendRows(rows: Iterable<unknown>): void {
    this.local.appendRows(rows);
  }
  appendColumns(...args: Parameters<LocalBulkWriter["appendColumns"]>): void {
    this.local.appendColumns(...args);
  }

  /** Object key prefix of the committed files: `<remotePath>/<identity>`. */
  get dataPath(): string {
    return this.prefix(this.manifest.identity);
  }

  /** Object keys per segment, as the import APIs take them. */
  get batchFiles(): string[][] {
    const m = this.manifest;
    const bySeg = new Map<number, string[]>();
    for (const f of m.files)
      bySeg.set(f.segment, [...(bySeg.get(f.segment) ?? []), `${this.prefix(m.identity)}/${f.path}`]);
    return [...bySeg.values()];
  }

  get manifest(): Manifest {
    if (!this.uploaded) throw new Error("the manifest is known after commit()");
    return this.uploaded;
  }

  async commit(): Promise<Manifest> {
    if (this.uploaded) return this.uploaded;
    const m = await this.local.commit();
    const base = this.prefix(m.identity);
    for (const f of m.files) {
      const localFile = join(this.local.dataPath, f.path);
      try {
        await this.store.putFile(`${base}/${f.path}`, localFile, { sha256: f.sha256 });
      } catch (e) {
        throw new BulkWriteError(
          `upload of ${f.path} to ${this.store.provider}:${this.store.bucket}/${base}/${f.path} failed: ${(e as Error).message}`,
          { cause: e },
        );
      }
    }
    if (!this.keepLocal && m.files.length > 0) rmSync(this.local.dataPath, { recursive: true, force: true });
    this.uploaded = m;
    return m;
  }

  abort(): void {
    this.local.abort();
  }

  private prefix(identity: string): string {
    return this.remotePath ? `${this.remotePath}/${identity}` : identity;
  }
}
