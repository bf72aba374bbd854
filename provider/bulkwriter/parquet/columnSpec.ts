import {
  assertNever,
  type ParquetLeaf,
  type ParquetPhysical,
  storedRowBytes,
  traitsOf,
  valuesPerRow,
} from "../../schema/traits";
import type { ElementType, FieldSchema } from "../../schema/types";

/** How one Milvus field becomes one Parquet leaf column (possibly inside a 3-level LIST). */
export type Physical = ParquetPhysical;
export type LeafSpec = ParquetLeaf;

export interface ColumnSpec {
  name: string;
  list: boolean;
  leaf: LeafSpec;
}

const STRING: LeafSpec = { physical: "BYTE_ARRAY", string: true };

/**
 * The leaf of each type is in its traits (Arrow types Milvus 2.4–2.6 accept, isArrowDataTypeConvertible):
 * dense vectors and ARRAY are lists of their element's leaf, everything else one value per row.
 */
export function columnSpec(f: FieldSchema): ColumnSpec {
  const traits = traitsOf(f.dataType);
  switch (traits.kind) {
    case "array":
      return { name: f.name, list: true, leaf: leafOf(f.elementType as ElementType) };
    case "denseVector":
      return { name: f.name, list: true, leaf: leafOf(f.dataType) };
    case "bool":
    case "int":
    case "float":
    case "varchar":
    case "json":
    case "sparseVector":
      return { name: f.name, list: false, leaf: leafOf(f.dataType) };
    default:
      return assertNever(traits);
  }
}

function leafOf(t: FieldSchema["dataType"]): LeafSpec {
  const leaf = traitsOf(t).parquet;
  if (!leaf) throw new TypeError(`${t} has no Parquet leaf of its own`);
  return leaf;
}

export const META_SPEC: ColumnSpec = { name: "$meta", list: false, leaf: STRING };

/** A uint8 list leaf carries a dense vector's stored bytes (half floats: 2 per value, little-endian). */
export const carriesBytes = (spec: ColumnSpec): boolean =>
  spec.leaf.physical === "INT32" && spec.leaf.intBits === 8 && spec.leaf.unsigned === true;

/** List values per row of a dense vector column: its stored bytes or its stored values. */
export function listValuesPerRow(spec: ColumnSpec, f: FieldSchema): number {
  return carriesBytes(spec) ? storedRowBytes(f) : valuesPerRow(f);
}
