import { FileFormatError } from "../errors";

/** Strict UTF-8 decoding of a file streamed in chunks (Milvus rejects files that are not UTF-8). */
export class Utf8Text {
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });
  constructor(private readonly file: string) {}

  decode(chunk: Uint8Array, final = false): string {
    try {
      return this.decoder.decode(chunk, { stream: !final });
    } catch {
      throw new FileFormatError(`file '${this.file}' is not valid UTF-8`);
    }
  }
}
