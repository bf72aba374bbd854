import { sourceError } from "./sourceError";

/**
 * Strict UTF-8 decoding of a byte stream (Milvus rejects invalid UTF-8 text). On a bad sequence the
 * error names the line it is on.
 */
export class StrictUtf8 {
  private decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  private lines = 1;
  constructor(private readonly file: string) {}

  decode(chunk: Uint8Array, final = false): string {
    try {
      const text = this.decoder.decode(chunk, { stream: !final });
      return text;
    } catch {
      const at = firstInvalidUtf8(chunk);
      let line = this.lines;
      for (let i = 0; i < Math.max(0, at); i++) if (chunk[i] === 10) line++;
      throw sourceError(this.file, 0, "UTF-8 text", `invalid UTF-8 byte sequence on line ${line}`);
    }
  }

  /** Lets decode() report lines relative to the whole file. */
  countLines(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) this.lines++;
  }
}

/** Offset of the first invalid UTF-8 sequence in buf (or -1). */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    let n = 0;
    if (b < 0x80) n = 0;
    else if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) n = 2;
    else if (b >= 0xf0 && b <= 0xf4) n = 3;
    else return i;
    if (i + n >= buf.length && n > 0) return i + n >= buf.length ? -1 : i; // truncated at chunk end
    for (let k = 1; k <= n; k++) if ((buf[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return -1;
}
