import type { FieldSchema } from "../../schema/types";

/** How one Milvus field becomes one Parquet leaf column (possibly inside a 3-level LIST). */
export type Physical = "BOOLEAN" | "INT32" | "INT64" | "FLOAT" | "DOUBLE" | "BYTE_ARRAY";

export interface LeafSpec {
  physical: Physical;
  /** INT32 annotated as an 8/16-bit integer (Arrow int8/int16/uint8). */
  intBits?: 8 | 16;
  unsigned?: boolean;
  /** BYTE_ARRAY annotated as String (Arrow utf8): Milvus rejects un-annotated binary for text. */
  string?: boolean;
}

export interface ColumnSpec {
  name: string;
  list: boolean;
  leaf: LeafSpec;
}

const STRING: LeafSpec = { physical: "BYTE_ARRAY", string: true };

function scalarLeaf(t: string): LeafSpec {
  switch (t) {
    case "BOOL":
      return { physical: "BOOLEAN" };
    case "INT8":
      return { physical: "INT32", intBits: 8 };
    case "INT16":
      return { physical: "INT32", intBits: 16 };
    case "INT32":
      return { physical: "INT32" };
    case "INT64":
      return { physical: "INT64" };
    case "FLOAT":
      return { physical: "FLOAT" };
    case "DOUBLE":
      return { physical: "DOUBLE" };
    default:
      return STRING;
  }
}

/**
 * Arrow types Milvus 2.4–2.6 accept (isArrowDataTypeConvertible): FLOAT_VECTOR list<float>, BINARY and
 * FLOAT16/BFLOAT16 list<uint8> (raw little-endian bytes; list<float> for half floats needs 3.x),
 * INT8_VECTOR list<int8>, ARRAY list<E>, VARCHAR/JSON/SPARSE/$meta utf8 string.
 */
export function columnSpec(f: FieldSchema): ColumnSpec {
  switch (f.dataType) {
    case "FLOAT_VECTOR":
      return { name: f.name, list: true, leaf: { physical: "FLOAT" } };
    case "BINARY_VECTOR":
    case "FLOAT16_VECTOR":
    case "BFLOAT16_VECTOR":
      return { name: f.name, list: true, leaf: { physical: "INT32", intBits: 8, unsigned: true } };
    case "INT8_VECTOR":
      return { name: f.name, list: true, leaf: { physical: "INT32", intBits: 8 } };
    case "ARRAY":
      return { name: f.name, list: true, leaf: scalarLeaf(f.elementType as string) };
    case "SPARSE_FLOAT_VECTOR":
    case "JSON":
    case "VARCHAR":
      return { name: f.name, list: false, leaf: STRING };
    default:
      return { name: f.name, list: false, leaf: scalarLeaf(f.dataType) };
  }
}

export const META_SPEC: ColumnSpec = { name: "$meta", list: false, leaf: STRING };
