import { assertNever, type StorageCtor, traitsOf, valuesPerRow } from "../schema/traits";
import type { DataType, FieldSchema } from "../schema/types";

/** A sparse vector with indices strictly increasing. */
export interface SparseVector {
  indices: Uint32Array;
  values: Float32Array;
}

export type ArrayElement = boolean | number | bigint | string;

/**
 * Storage of one validated column, in the form Milvus stores it: fixed-width types in the typed array
 * their traits name (`storage`: BOOL Uint8Array, INT64 BigInt64Array, half-float vectors Uint16Array
 * bits, bit vectors Uint8Array(n·dim/8), other vectors n·dim values); VARCHAR and JSON (JSON text)
 * string[]; ARRAY ArrayElement[][]; sparse SparseVector[].
 */
export type ColumnValues =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Float32Array
  | Float64Array
  | Uint16Array
  | string[]
  | ArrayElement[][]
  | SparseVector[];

export interface Column {
  field: FieldSchema;
  values: ColumnValues;
  /** 1 = value present, 0 = NULL. Absent when every row has a value. Null slots hold 0 / "" / []. */
  valid?: Uint8Array;
}

/** A batch of validated rows, column-major, in `inputFields(schema)` order. */
export interface ColumnBatch {
  length: number;
  columns: Column[];
  /** `$meta` JSON object text per row when the dynamic field is enabled. */
  meta?: string[];
}

type TypedCtor = StorageCtor;

/** Typed array class of a validated column of type t; undefined when it is a JS array. */
export function typedArrayFor(t: DataType): TypedCtor | undefined {
  return traitsOf(t).storage ?? undefined;
}

export { valuesPerRow };

/** Growable column for the row path: amortized doubling, trimmed on build. */
export class ColumnBuilder {
  private typed: InstanceType<TypedCtor> | undefined;
  private list: unknown[] | undefined;
  private valid: Uint8Array | undefined;
  private readonly width: number;
  length = 0;
  constructor(
    readonly field: FieldSchema,
    capacity = 1024,
  ) {
    this.width = valuesPerRow(field);
    const Ctor = typedArrayFor(field.dataType);
    if (Ctor) this.typed = new Ctor(capacity * this.width);
    else this.list = [];
  }

  /** value: the clean value (number/bigint/string/…/typed array of `width`), or null for NULL. */
  push(value: unknown): void {
    const i = this.length;
    if (this.typed) {
      if ((i + 1) * this.width > this.typed.length) this.grow();
      if (value !== null) {
        if (this.width === 1) (this.typed as unknown as unknown[])[i] = value;
        else this.typed.set(value as never, i * this.width);
      }
    } else this.list?.push(value === null ? this.emptyValue() : value);
    if (value === null) {
      if (!this.valid) this.valid = new Uint8Array(Math.max(16, i * 2)).fill(1, 0, i);
    }
    if (this.valid) {
      if (i >= this.valid.length) {
        const v = new Uint8Array(this.valid.length * 2);
        v.set(this.valid);
        this.valid = v;
      }
      this.valid[i] = value === null ? 0 : 1;
    }
    this.length++;
  }

  /** What a NULL slot of a list column holds. */
  private emptyValue(): unknown {
    const kind = traitsOf(this.field.dataType).kind;
    switch (kind) {
      case "array":
        return [];
      case "sparseVector":
        return { indices: new Uint32Array(0), values: new Float32Array(0) };
      case "varchar":
      case "json":
        return "";
      case "bool":
      case "int":
      case "float":
      case "denseVector":
        throw new Error(`${this.field.dataType} columns are typed arrays, not lists`);
      default:
        return assertNever(kind);
    }
  }

  private grow(): void {
    const old = this.typed as InstanceType<TypedCtor>;
    const next = new (old.constructor as TypedCtor)(Math.max(old.length * 2, this.width * 16));
    next.set(old as never);
    this.typed = next;
  }

  build(): Column {
    const n = this.length;
    const values = this.typed ? this.typed.slice(0, n * this.width) : (this.list as ColumnValues);
    const col: Column = { field: this.field, values: values as ColumnValues };
    if (this.valid) col.valid = this.valid.slice(0, n);
    return col;
  }
}
