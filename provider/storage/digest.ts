/**
 * One read pass over an upload source computing what the stores verify against: SHA-256 (our
 * content address, stored as metadata) and, per part, what the backend checks: MD5 (S3 ETag =
 * md5 of the part MD5s; OSS and Azure verify a Content-MD5 per part/block) or CRC32 (S3's
 * x-amz-checksum-crc32, ~8x cheaper than MD5), plus CRC-64 for OSS.
 */
import { createHash, type Hash } from "node:crypto";
import { promises as fsp } from "node:fs";
import zlib from "node:zlib";
import { acquire, release } from "./bufferPool";
import { Crc64 } from "./crc64";
import type { UploadSource } from "./source";

export interface Digest {
  size: number;
  sha256: string;
  /** Part size the per-part checksums were computed for. */
  partSize: number;
  partCount: number;
  /** Raw 16-byte MD5 of each part (empty unless asked for). */
  partMd5s: Buffer[];
  /** CRC32 of each part (empty unless asked for). */
  partCrc32s: number[];
  /** CRC-64/XZ of the whole content as a decimal string, when asked for. */
  crc64?: string;
}

export interface DigestOptions {
  partSize: number;
  md5?: boolean;
  crc32?: boolean;
  crc64?: boolean;
}

class DigestBuilder {
  private readonly sha = createHash("sha256");
  private md5?: Hash;
  private crc32 = 0;
  private inPart = 0;
  private readonly partMd5s: Buffer[] = [];
  private readonly partCrc32s: number[] = [];
  private readonly crc?: Crc64;
  private size = 0;
  private parts = 0;

  constructor(private readonly opts: DigestOptions) {
    if (opts.crc64) this.crc = new Crc64();
    if (opts.md5) this.md5 = createHash("md5");
  }

  update(chunk: Buffer): void {
    this.sha.update(chunk);
    this.crc?.update(chunk);
    this.size += chunk.length;
    let off = 0;
    while (off < chunk.length) {
      const take = Math.min(chunk.length - off, this.opts.partSize - this.inPart);
      const piece = off === 0 && take === chunk.length ? chunk : chunk.subarray(off, off + take);
      this.md5?.update(piece);
      if (this.opts.crc32) this.crc32 = zlib.crc32(piece, this.crc32);
      this.inPart += take;
      off += take;
      if (this.inPart === this.opts.partSize) this.endPart();
    }
  }

  private endPart(): void {
    if (this.md5) {
      this.partMd5s.push(this.md5.digest());
      this.md5 = createHash("md5");
    }
    if (this.opts.crc32) this.partCrc32s.push(this.crc32);
    this.crc32 = 0;
    this.inPart = 0;
    this.parts++;
  }

  finish(): Digest {
    if (this.inPart > 0 || this.parts === 0) this.endPart();
    return {
      size: this.size,
      sha256: this.sha.digest("hex"),
      partSize: this.opts.partSize,
      partCount: this.parts,
      partMd5s: this.partMd5s,
      partCrc32s: this.partCrc32s,
      crc64: this.crc?.digestDecimal(),
    };
  }
}

export async function digestSource(source: UploadSource, opts: DigestOptions): Promise<Digest> {
  const b = new DigestBuilder(opts);
  if (source.kind === "buffer") {
    b.update(source.buffer);
  } else {
    // 4 MiB reads into one pooled buffer: no per-chunk allocation (GC) and negligible call overhead.
    const buf = acquire(4 << 20);
    const fh = await fsp.open(source.path, "r");
    try {
      for (let pos = 0; ; ) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
        if (bytesRead === 0) break;
        b.update(buf.subarray(0, bytesRead));
        pos += bytesRead;
      }
    } finally {
      await fh.close();
      release(buf);
    }
  }
  return b.finish();
}

/** The ETag S3 (and MinIO) give a multipart object: md5 of the concatenated part MD5s, "-N". */
export function s3MultipartEtag(partMd5s: Buffer[]): string {
  return `${createHash("md5").update(Buffer.concat(partMd5s)).digest("hex")}-${partMd5s.length}`;
}

/** S3's x-amz-checksum-crc32 value: base64 of the big-endian CRC32. */
export function crc32Base64(crc: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(crc >>> 0);
  return b.toString("base64");
}

/** S3's composite multipart checksum: CRC32 of the concatenated part CRC32s, "-N". */
export function s3CompositeCrc32(partCrc32s: number[]): string {
  const all = Buffer.alloc(partCrc32s.length * 4);
  for (let i = 0; i < partCrc32s.length; i++) all.writeUInt32BE(partCrc32s[i] >>> 0, i * 4);
  return `${crc32Base64(zlib.crc32(all))}-${partCrc32s.length}`;
}

/** MD5 of the whole content, when it is a single part and MD5s were computed. */
export function wholeMd5(d: Digest): Buffer | undefined {
  return d.partCount === 1 ? d.partMd5s[0] : undefined;
}
