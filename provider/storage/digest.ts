/**
 * One read pass over an upload source computing what the stores verify against: SHA-256 (our
 * content address, stored as metadata), MD5 per part (S3 multipart ETag = md5 of the part MD5s;
 * OSS and Azure check a Content-MD5 per part/block) and, for OSS, CRC-64.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import { Crc64 } from "./crc64";
import type { UploadSource } from "./source";

export interface Digest {
  size: number;
  sha256: string;
  /** Part size the part MD5s were computed for. */
  partSize: number;
  /** Raw 16-byte MD5 of each part (one entry for a single-part object). */
  partMd5s: Buffer[];
  /** CRC-64/XZ as a decimal string, when asked for. */
  crc64?: string;
}

export interface DigestOptions {
  partSize: number;
  crc64?: boolean;
}

class DigestBuilder {
  private readonly sha = createHash("sha256");
  private part = createHash("md5");
  private inPart = 0;
  private readonly partMd5s: Buffer[] = [];
  private readonly crc?: Crc64;
  private size = 0;

  constructor(private readonly opts: DigestOptions) {
    if (opts.crc64) this.crc = new Crc64();
  }

  update(chunk: Buffer): void {
    this.sha.update(chunk);
    this.crc?.update(chunk);
    this.size += chunk.length;
    let off = 0;
    while (off < chunk.length) {
      const take = Math.min(chunk.length - off, this.opts.partSize - this.inPart);
      this.part.update(off === 0 && take === chunk.length ? chunk : chunk.subarray(off, off + take));
      this.inPart += take;
      off += take;
      if (this.inPart === this.opts.partSize) {
        this.partMd5s.push(this.part.digest());
        this.part = createHash("md5");
        this.inPart = 0;
      }
    }
  }

  finish(): Digest {
    if (this.inPart > 0 || this.partMd5s.length === 0) this.partMd5s.push(this.part.digest());
    return {
      size: this.size,
      sha256: this.sha.digest("hex"),
      partSize: this.opts.partSize,
      partMd5s: this.partMd5s,
      crc64: this.crc?.digestDecimal(),
    };
  }
}

export async function digestSource(source: UploadSource, opts: DigestOptions): Promise<Digest> {
  const b = new DigestBuilder(opts);
  if (source.kind === "buffer") {
    b.update(source.buffer);
  } else {
    // 1 MiB reads: large enough that per-chunk overhead is negligible next to hashing.
    for await (const chunk of fs.createReadStream(source.path, { highWaterMark: 1 << 20 }))
      b.update(chunk as Buffer);
  }
  return b.finish();
}

/** The ETag S3 (and MinIO) give a multipart object: md5 of the concatenated part MD5s, "-N". */
export function s3MultipartEtag(partMd5s: Buffer[]): string {
  return `${createHash("md5").update(Buffer.concat(partMd5s)).digest("hex")}-${partMd5s.length}`;
}

/** MD5 of the whole content, when it is a single part. */
export function wholeMd5(d: Digest): Buffer | undefined {
  return d.partMd5s.length === 1 && d.size <= d.partSize ? d.partMd5s[0] : undefined;
}
