/**
 * Minimal Thrift compact-protocol writer: just what Parquet's FileMetaData and PageHeader need.
 * Compact types: 1/2 bool true/false, 3 byte, 5 i32, 6 i64, 8 binary, 9 list, 12 struct.
 */
export const T = {
  BOOL_TRUE: 1,
  BOOL_FALSE: 2,
  BYTE: 3,
  I32: 5,
  I64: 6,
  BINARY: 8,
  LIST: 9,
  STRUCT: 12,
} as const;

export class CompactWriter {
  private bytes: number[] = [];
  private lastField: number[] = [0];

  private varint(n: number): void {
    // n is a non-negative integer below 2^53; no 32-bit bitwise ops so large sizes stay exact.
    while (n >= 0x80) {
      this.bytes.push((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    this.bytes.push(n);
  }

  private zigzag(n: number): void {
    this.varint(n >= 0 ? n * 2 : -n * 2 - 1);
  }

  private header(id: number, type: number): void {
    const last = this.lastField[this.lastField.length - 1];
    const delta = id - last;
    if (delta > 0 && delta <= 15) this.bytes.push((delta << 4) | type);
    else {
      this.bytes.push(type);
      this.zigzag(id);
    }
    this.lastField[this.lastField.length - 1] = id;
  }

  i32(id: number, v: number): this {
    this.header(id, T.I32);
    this.zigzag(v);
    return this;
  }
  i64(id: number, v: number): this {
    this.header(id, T.I64);
    this.zigzag(v);
    return this;
  }
  byte(id: number, v: number): this {
    this.header(id, T.BYTE);
    this.bytes.push(v & 0xff);
    return this;
  }
  bool(id: number, v: boolean): this {
    this.header(id, v ? T.BOOL_TRUE : T.BOOL_FALSE);
    return this;
  }
  string(id: number, s: string): this {
    this.header(id, T.BINARY);
    const b = Buffer.from(s, "utf8");
    this.varint(b.length);
    for (const x of b) this.bytes.push(x);
    return this;
  }
  /** Begin a struct-valued field; close with end(). */
  struct(id: number): this {
    this.header(id, T.STRUCT);
    this.lastField.push(0);
    return this;
  }
  end(): this {
    this.bytes.push(0);
    this.lastField.pop();
    return this;
  }
  /** List header for `size` elements of `elemType`; then write elements with the *Elem methods. */
  list(id: number, elemType: number, size: number): this {
    this.header(id, T.LIST);
    if (size < 15) this.bytes.push((size << 4) | elemType);
    else {
      this.bytes.push(0xf0 | elemType);
      this.varint(size);
    }
    return this;
  }
  i32Elem(v: number): this {
    this.zigzag(v);
    return this;
  }
  stringElem(s: string): this {
    const b = Buffer.from(s, "utf8");
    this.varint(b.length);
    for (const x of b) this.bytes.push(x);
    return this;
  }
  /** Begin a struct list element; close with end(). */
  structElem(): this {
    this.lastField.push(0);
    return this;
  }
  toBuffer(): Buffer {
    return Buffer.from(this.bytes);
  }
}
