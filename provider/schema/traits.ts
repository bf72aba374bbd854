/**
 * Everything the layers need to know about a field type, in one table: names on the wire, how a
 * validated column stores it, how NumPy and Parquet files carry it, which schema roles it may take.
 * Layers read these facts and branch on `kind` (and a dense vector's `element`), never on type names,
 * so a type that fits an existing kind is its name in DATA_TYPES plus one entry here; a new kind or
 * element encoding makes tsc name every branch to fill (see provider/EXTENDING.md).
 */

/** The types, in pymilvus `DataType` spelling. */
export const DATA_TYPES = [
  "BOOL",
  "INT8",
  "INT16",
  "INT32",
  "INT64",
  "FLOAT",
  "DOUBLE",
  "VARCHAR",
  "JSON",
  "ARRAY",
  "FLOAT_VECTOR",
  "BINARY_VECTOR",
  "FLOAT16_VECTOR",
  "BFLOAT16_VECTOR",
  "SPARSE_FLOAT_VECTOR",
  "INT8_VECTOR",
] as const;
export type DataType = (typeof DATA_TYPES)[number];

/** What the helpers below read of a field (a FieldSchema fits). */
interface TypedField {
  dataType: DataType;
  dim?: number;
}

export type FieldKind =
  | "bool"
  | "int"
  | "float"
  | "varchar"
  | "json"
  | "array"
  | "denseVector"
  | "sparseVector";

/** Typed array a validated column holds its values in (row-major, `valuesPerRow` per row). */
export type StorageCtor =
  | Uint8ArrayConstructor
  | Int8ArrayConstructor
  | Int16ArrayConstructor
  | Int32ArrayConstructor
  | BigInt64ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | Uint16ArrayConstructor;

/** Parquet physical type of a leaf column (inside a 3-level LIST for vectors and arrays). */
export type ParquetPhysical = "BOOLEAN" | "INT32" | "INT64" | "FLOAT" | "DOUBLE" | "BYTE_ARRAY";

export interface ParquetLeaf {
  physical: ParquetPhysical;
  /** INT32 annotated as an 8/16-bit integer (Arrow int8/int16/uint8). */
  intBits?: 8 | 16;
  unsigned?: boolean;
  /** BYTE_ARRAY annotated as String (Arrow utf8): Milvus rejects un-annotated binary for text. */
  string?: boolean;
}

/**
 * How a dense vector's numbers are stored: float32; IEEE half or bfloat16 bit patterns (Milvus keeps
 * the raw 2 bytes); or integers in [min, max] (one typed-array value per stored element).
 */
export type VectorElement =
  | { type: "float32" }
  | { type: "half"; bfloat: boolean }
  | { type: "int"; min: number; max: number };

interface TraitsBase {
  /** pymilvus `DataType` enum number (accepted on input: some configs carry it). */
  enumNumber: number;
  /** Milvus REST v2 / proto name; the server compares it case-sensitively. */
  restName: string;
  /** Further input spellings, compared lowercase without `_`, `-` and spaces. */
  aliases: readonly string[];
  /** Allowed as primary key and as partition key. */
  key: boolean;
  /** Allowed as the element type of an ARRAY field. */
  arrayElement: boolean;
  /** May carry a defaultValue. */
  defaultable: boolean;
  /** Typed array of a validated column; null: a JS array of values (text, lists, sparse). */
  storage: StorageCtor | null;
  /** NumPy import file dtype: a descr, "text" (fixed-width `<U`), or null (Milvus cannot import it). */
  npy: string | "text" | null;
  /** Parquet leaf the writer emits (the element leaf for ARRAY comes from its element type). */
  parquet: ParquetLeaf | null;
}

export interface BoolTraits extends TraitsBase {
  kind: "bool";
}
export interface IntTraits extends TraitsBase {
  kind: "int";
  range: readonly [bigint, bigint];
}
export interface FloatTraits extends TraitsBase {
  kind: "float";
  bits: 32 | 64;
}
export interface TextTraits extends TraitsBase {
  kind: "varchar" | "json";
}
export interface ArrayTraits extends TraitsBase {
  kind: "array";
}
export interface DenseVectorTraits extends TraitsBase {
  kind: "denseVector";
  element: VectorElement;
  /** Dimensions per stored value: 8 for bit vectors packed into bytes (dim must be a multiple). */
  dimsPerValue: 1 | 8;
  /** Metric of the default index. */
  metric: string;
}
export interface SparseVectorTraits extends TraitsBase {
  kind: "sparseVector";
  metric: string;
}

export type FieldTraits =
  | BoolTraits
  | IntTraits
  | FloatTraits
  | TextTraits
  | ArrayTraits
  | DenseVectorTraits
  | SparseVectorTraits;

const STRING = { physical: "BYTE_ARRAY", string: true } as const;
const UINT8 = { physical: "INT32", intBits: 8, unsigned: true } as const;

/**
 * Stored forms: the typed array a validated column uses and how NumPy and Parquet files carry it. Files
 * hold the stored values as they are, except BOOL (NumPy |b1, Parquet BOOLEAN) and half floats, whose
 * raw little-endian bytes travel as NumPy |u1 (N, 2·dim) and Parquet list<uint8>: what every Milvus
 * version reads (list<float> for half floats needs 3.x).
 */
const STORED = {
  bool: { storage: Uint8Array, npy: "|b1", parquet: { physical: "BOOLEAN" } },
  u8: { storage: Uint8Array, npy: "|u1", parquet: UINT8 },
  i8: { storage: Int8Array, npy: "|i1", parquet: { physical: "INT32", intBits: 8 } },
  i16: { storage: Int16Array, npy: "<i2", parquet: { physical: "INT32", intBits: 16 } },
  i32: { storage: Int32Array, npy: "<i4", parquet: { physical: "INT32" } },
  i64: { storage: BigInt64Array, npy: "<i8", parquet: { physical: "INT64" } },
  f32: { storage: Float32Array, npy: "<f4", parquet: { physical: "FLOAT" } },
  f64: { storage: Float64Array, npy: "<f8", parquet: { physical: "DOUBLE" } },
  half: { storage: Uint16Array, npy: "|u1", parquet: UINT8 },
  /** Text: JS strings, fixed-width `<U` in NumPy, UTF-8 strings in Parquet. */
  text: { storage: null, npy: "text", parquet: STRING },
  /** Sparse vectors: JSON text in Parquet; Milvus has no NumPy form. */
  sparse: { storage: null, npy: null, parquet: STRING },
  /** ARRAY: a Parquet list of its element type's leaf; no NumPy form. */
  list: { storage: null, npy: null, parquet: null },
} as const;

const scalar = { key: false, arrayElement: true, defaultable: true, aliases: [] } as const;
const int = { ...scalar, kind: "int" } as const;
const float = { ...scalar, kind: "float" } as const;
/** No key, ARRAY-element or default-value role. */
const plain = { key: false, arrayElement: false, defaultable: false, aliases: [] } as const;
const dense = { ...plain, kind: "denseVector", dimsPerValue: 1, metric: "COSINE" } as const;

/**
 * The types, in pymilvus spelling. Sources: Milvus's create-collection and import readers (NumPy dtypes,
 * Arrow types of isArrowDataTypeConvertible), BulkWriter file formats (provider/bulkwriter/FORMATS.md).
 */
export const FIELD_TRAITS = {
  BOOL: { ...scalar, ...STORED.bool, kind: "bool", enumNumber: 1, restName: "Bool", aliases: ["boolean"] },
  INT8: { ...int, ...STORED.i8, enumNumber: 2, restName: "Int8", range: [-128n, 127n] },
  INT16: { ...int, ...STORED.i16, enumNumber: 3, restName: "Int16", range: [-32768n, 32767n] },
  INT32: { ...int, ...STORED.i32, enumNumber: 4, restName: "Int32", range: [-(2n ** 31n), 2n ** 31n - 1n] },
  INT64: {
    ...int,
    ...STORED.i64,
    enumNumber: 5,
    restName: "Int64",
    range: [-(2n ** 63n), 2n ** 63n - 1n],
    key: true,
  },
  FLOAT: { ...float, ...STORED.f32, enumNumber: 10, restName: "Float", aliases: ["float32"], bits: 32 },
  DOUBLE: { ...float, ...STORED.f64, enumNumber: 11, restName: "Double", aliases: ["float64"], bits: 64 },
  VARCHAR: {
    ...scalar,
    ...STORED.text,
    kind: "varchar",
    enumNumber: 21,
    restName: "VarChar",
    aliases: ["string"],
    key: true,
  },
  JSON: { ...plain, ...STORED.text, kind: "json", enumNumber: 23, restName: "JSON" },
  ARRAY: { ...plain, ...STORED.list, kind: "array", enumNumber: 22, restName: "Array" },
  FLOAT_VECTOR: {
    ...dense,
    ...STORED.f32,
    enumNumber: 101,
    restName: "FloatVector",
    element: { type: "float32" },
  },
  BINARY_VECTOR: {
    ...dense,
    ...STORED.u8,
    enumNumber: 100,
    restName: "BinaryVector",
    element: { type: "int", min: 0, max: 255 },
    dimsPerValue: 8,
    metric: "HAMMING",
  },
  FLOAT16_VECTOR: {
    ...dense,
    ...STORED.half,
    enumNumber: 102,
    restName: "Float16Vector",
    aliases: ["fp16vector"],
    element: { type: "half", bfloat: false },
  },
  BFLOAT16_VECTOR: {
    ...dense,
    ...STORED.half,
    enumNumber: 103,
    restName: "BFloat16Vector",
    aliases: ["bf16vector"],
    element: { type: "half", bfloat: true },
  },
  SPARSE_FLOAT_VECTOR: {
    ...plain,
    ...STORED.sparse,
    kind: "sparseVector",
    enumNumber: 104,
    restName: "SparseFloatVector",
    aliases: ["sparsevector"],
    metric: "IP",
  },
  INT8_VECTOR: {
    ...dense,
    ...STORED.i8,
    enumNumber: 105,
    restName: "Int8Vector",
    element: { type: "int", min: -128, max: 127 },
  },
} as const satisfies Record<DataType, FieldTraits>;

type Table = typeof FIELD_TRAITS;
type TypesWhere<P> = { [K in DataType]: Table[K] extends P ? K : never }[DataType];

/** Types an ARRAY may hold. */
export type ElementType = TypesWhere<{ arrayElement: true }>;
export type VectorType = TypesWhere<{ kind: "denseVector" | "sparseVector" }>;
export type ScalarType = TypesWhere<{ kind: "bool" | "int" | "float" | "varchar" | "json" }>;
export type IntegerType = TypesWhere<{ kind: "int" }>;

const kindIn = (t: DataType, kinds: readonly FieldKind[]) => kinds.includes(FIELD_TRAITS[t].kind);
/** Scalar, vector and ARRAY-element types, in DATA_TYPES order. */
export const SCALAR_TYPES = DATA_TYPES.filter((t) =>
  kindIn(t, ["bool", "int", "float", "varchar", "json"]),
) as readonly ScalarType[];
export const VECTOR_TYPES = DATA_TYPES.filter((t) =>
  kindIn(t, ["denseVector", "sparseVector"]),
) as readonly VectorType[];
export const ELEMENT_TYPES = DATA_TYPES.filter((t) => FIELD_TRAITS[t].arrayElement) as readonly ElementType[];

export function isDataType(x: unknown): x is DataType {
  return typeof x === "string" && Object.hasOwn(FIELD_TRAITS, x);
}

/** The traits of a type, widened to the FieldTraits union for code that narrows by kind. */
export function traitsOf(t: DataType): FieldTraits {
  const traits: FieldTraits | undefined = FIELD_TRAITS[t];
  if (!traits) throw new TypeError(`unknown data type ${JSON.stringify(t)}`);
  return traits;
}

export const kindOf = (t: DataType): FieldKind => traitsOf(t).kind;

/** Dense-vector traits of a field, or undefined for any other type. */
export function denseTraits(t: DataType): DenseVectorTraits | undefined {
  const traits = traitsOf(t);
  return traits.kind === "denseVector" ? traits : undefined;
}

/** Metric of a vector type's default index; undefined for non-vector types. */
export function defaultMetric(t: DataType): string | undefined {
  const traits = traitsOf(t);
  return traits.kind === "denseVector" || traits.kind === "sparseVector" ? traits.metric : undefined;
}

/** Values a validated column holds per row: a dense vector's stored elements, else 1. */
export function valuesPerRow(f: TypedField): number {
  const d = denseTraits(f.dataType);
  return d ? (f.dim ?? 0) / d.dimsPerValue : 1;
}

/** Bytes of one row of a fixed-width column in its Milvus storage form; 0 for variable width. */
export function storedRowBytes(f: TypedField): number {
  const storage = traitsOf(f.dataType).storage;
  return storage ? valuesPerRow(f) * storage.BYTES_PER_ELEMENT : 0;
}

/**
 * Whether a type's values are int64: BigInt in memory, exact digits in JSON. False for anything that is
 * not a known type (callers may hold unvalidated schemas).
 */
export function isInt64Valued(t: unknown): boolean {
  return isDataType(t) && FIELD_TRAITS[t].storage === BigInt64Array;
}

/** Whether a type is a dense vector of float32 values (the writer's fast text and shared-page paths). */
export function isFloat32Vector(f: { dataType: DataType }): boolean {
  return isDataType(f.dataType) && denseTraits(f.dataType)?.element.type === "float32";
}

/** Whether a field is an ARRAY of int64 values. */
export function hasInt64Elements(f: { dataType: DataType; elementType?: DataType }): boolean {
  return isDataType(f.dataType) && FIELD_TRAITS[f.dataType].kind === "array" && isInt64Valued(f.elementType);
}

/** For exhaustive switches: a type (or kind) no branch handled is a compile error here. */
export function assertNever(x: never, what = "data type"): never {
  throw new TypeError(`unhandled ${what} ${JSON.stringify(x)}`);
}
