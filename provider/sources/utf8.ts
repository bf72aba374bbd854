import type { DataValidationError } from "../validate/issues";
import { sourceError } from "./sourceError";

/** A bad byte sequence: where it is, and the text decoded before it (so a reader can name the row). */
export class InvalidUtf8Error extends Error {
  constructor(
    readonly file: string,
    /** 1-based line of the file the bad bytes are on. */
    readonly line: number,
    /** This chunk's text before the bad bytes (undefined when a sequence split across chunks hides it). */
    readonly before: string | undefined,
    /** The offending bytes, e.g. "0xff". */
    readonly bytes: string,
  ) {
    super(`invalid UTF-8 byte sequence (${bytes}) on line ${line}`);
    this.name = "InvalidUtf8Error";
  }

  /** As a located issue; without a row the file and line are all there is. */
  located(row = 0, field = "(file)"): DataValidationError {
    return sourceError(this.file, row, "UTF-8 text", this.message, field);
  }
}

/**
 * Strict UTF-8 decoding of a byte stream (Milvus rejects invalid UTF-8 text). A bad sequence throws
 * InvalidUtf8Error naming its line.
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
      let before: string | undefined;
      try {
        // A sequence split across chunks began in the previous one: then there is no clean prefix.
        before =
          at >= 0 ? new TextDecoder("utf-8", { fatal: true }).decode(chunk.subarray(0, at)) : undefined;
      } catch {
        before = undefined;
      }
      const bad = at < 0 ? chunk.subarray(Math.max(0, chunk.length - 4)) : chunk.subarray(at, at + 4);
      const bytes = [...bad.subarray(0, Math.max(1, sequenceLength(bad)))]
        .map((b) => `0x${b.toString(16).padStart(2, "0")}`)
        .join(" ");
      throw new InvalidUtf8Error(this.file, line, before, bytes);
    }
  }

  /** Lets decode() report lines relative to the whole file. */
  countLines(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) this.lines++;
  }
}

/** How many of the leading bytes form the (bad) sequence worth showing: the lead byte and its continuations. */
function sequenceLength(bytes: Uint8Array): number {
  let n = 1;
  while (n < bytes.length && n < 4 && (bytes[n] & 0xc0) === 0x80) n++;
  return n;
}

/** Offset of the first invalid UTF-8 sequence in buf (or -1). */
function firstInvalidUtf8(buf: Uint8Array): number {
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
