/**
 * A NumPy file group: one `<field>.npy` per input field (+ `$meta.npy`), matched by file stem, with
 * Milvus's exact dtype/shape rules (an `<i8` file for an INT32 field is rejected).
 */
import { assertNever, type DenseVectorTraits, traitsOf } from "../../schema/traits";
import { type CollectionSchema, type DataType, DYNAMIC_FIELD, type FieldSchema } from "../../schema/types";
import { bfloat16BitsToNumber, float16BitsToNumber } from "../../validate/half";
import { type Batch, BatchBuilder, batchFields, problem, type ReadContext } from "../batch";
import { FileFormatError, ValueError } from "../errors";
import {
  checkDenseVector,
  checkDynamicObjectText,
  checkFloat,
  checkInt,
  checkJsonText,
  checkVarchar,
  defaultOf,
  milvusTypeName,
  type StoredValue,
} from "../values";
import { type NpyArray, NpyFormatError, numericAt, parseNpy, stringAt, typedElements } from "./npyFormat";

/** `${kind}${itemSize}` of a type's NumPy dtype ("<i4" -> "i4"); text and unsupported types have none. */
function dtypeOf(t: DataType): string | undefined {
  const npy = traitsOf(t).npy;
  return npy && npy !== "text" ? npy.slice(1) : undefined;
}

export interface NpyFile {
  key: string;
  buf: Buffer;
}

function stemOf(key: string): string {
  const base = key.slice(key.lastIndexOf("/") + 1);
  return base.endsWith(".npy") ? base.slice(0, -4) : base;
}

/** Collections with a required field of a type NumPy cannot carry (ARRAY, SPARSE) cannot be imported at all. */
function numpyUnsupportedType(schema: CollectionSchema): string | undefined {
  const f = schema.fields.find(
    (x) => traitsOf(x.dataType).npy === null && !x.nullable && x.defaultValue === undefined,
  );
  return f ? milvusTypeName(f.dataType) : undefined;
}

function checkHeader(f: FieldSchema | undefined, a: NpyArray): void {
  const name = f?.name ?? DYNAMIC_FIELD;
  const type = f?.dataType ?? "JSON";
  const got = `${a.kind}${a.itemSize}`;
  const typeErr = () =>
    new FileFormatError(
      `expected element type '${milvusTypeName(type)}' for field '${name}', got type '${a.descr}'`,
    );
  if (a.kind === "O")
    throw new FileFormatError(`the numpy file dtype '${a.descr}' is not supported, field '${name}'`);
  if (a.fortranOrder)
    throw new FileFormatError(`fortran-order numpy arrays are not supported, field '${name}'`);
  const want2d = (dim: number) => {
    if (a.shape.length !== 2) {
      throw new FileFormatError(
        `expected shape '2' for ${milvusTypeName(type)} field '${name}', got shape '${a.shape.length}'`,
      );
    }
    if (a.shape[1] !== dim) {
      throw new FileFormatError(
        `expected dim '${dim}' for ${milvusTypeName(type)} field '${name}', got dim '${a.shape[1]}'`,
      );
    }
  };
  const want1d = () => {
    if (a.shape.length !== 1)
      throw new FileFormatError(`expected shape '1' for field '${name}', got shape '${a.shape.length}'`);
  };
  const traits = traitsOf(type);
  switch (traits.kind) {
    case "varchar":
    case "json":
      if (a.kind !== "U" && a.kind !== "S") throw typeErr();
      want1d();
      return;
    case "denseVector": {
      const width = denseNpyWidth(traits, type, f?.dim ?? 0, got);
      if (width === undefined) throw typeErr();
      want2d(width);
      return;
    }
    case "bool":
    case "int":
    case "float":
      if (dtypeOf(type) !== got) throw typeErr();
      want1d();
      return;
    case "array":
    case "sparseVector":
      throw typeErr();
    default:
      assertNever(traits);
  }
}

/** Columns of a dense vector's 2-D array with dtype `got`; undefined when Milvus rejects that dtype. */
function denseNpyWidth(
  traits: DenseVectorTraits,
  type: DataType,
  dim: number,
  got: string,
): number | undefined {
  const el = traits.element;
  switch (el.type) {
    case "float32":
      return got === "f4" || got === "f8" ? dim : undefined;
    case "half":
      // Raw little-endian half floats (|u1, 2 per dim) or float32 values.
      return got === "u1" ? dim * 2 : got === "f4" ? dim : undefined;
    case "int":
      return got === dtypeOf(type) ? dim / traits.dimsPerValue : undefined;
    default:
      return assertNever(el, "vector element");
  }
}

function halfBytesToFloats(bfloat: boolean, a: NpyArray, row: number, dim: number): number[] {
  const out: number[] = [];
  const base = row * dim * 2;
  for (let k = 0; k < dim; k++) {
    const bits = a.data.getUint16(base + k * 2, true);
    out.push(bfloat ? bfloat16BitsToNumber(bits) : float16BitsToNumber(bits));
  }
  return out;
}

/** Per-column cell reader; vector columns are decoded once into a typed array and sliced per row. */
function columnReader(f: FieldSchema, a: NpyArray): (row: number) => StoredValue {
  const traits = traitsOf(f.dataType);
  switch (traits.kind) {
    case "varchar":
      return (r) => checkVarchar(f, stringAt(a, r));
    case "json":
      return (r) => checkJsonText(f.name, stringAt(a, r));
    case "denseVector": {
      const width = a.shape[1];
      const el = traits.element;
      switch (el.type) {
        case "half":
          if (a.kind === "u")
            return (r) => checkDenseVector(f, halfBytesToFloats(el.bfloat, a, r, width / 2));
          break;
        case "float32":
        case "int":
          break;
        default:
          return assertNever(el, "vector element");
      }
      const all = typedElements(a);
      if (all) {
        const view = all as unknown as Float32Array;
        return (r) => checkDenseVector(f, view.subarray(r * width, (r + 1) * width));
      }
      return (r) => {
        const nums: number[] = [];
        for (let k = 0; k < width; k++) nums.push(Number(numericAt(a, r * width + k)));
        return checkDenseVector(f, nums);
      };
    }
    case "bool":
      return (r) => numericAt(a, r) as boolean;
    case "float":
      return (r) => checkFloat(f.name, f.dataType, numericAt(a, r) as number);
    case "int":
      return (r) => checkInt(f.name, f.dataType, BigInt(numericAt(a, r) as number | bigint));
    case "array":
    case "sparseVector":
      throw new FileFormatError(`NumPy files cannot carry ${milvusTypeName(f.dataType)} field '${f.name}'`);
    default:
      return assertNever(traits);
  }
}

export function readNumpyGroup(files: NpyFile[], ctx: ReadContext): Batch {
  const { schema } = ctx;
  const unsupported = numpyUnsupportedType(schema);
  if (unsupported)
    throw new FileFormatError(
      `unsupported importing numpy files for collection with data type: ${unsupported}`,
    );
  const byStem = new Map<string, NpyArray>();
  const errors: string[] = [];
  for (const file of files) {
    const stem = stemOf(file.key);
    if (byStem.has(stem)) throw new FileFormatError(`duplicated numpy file for field '${stem}'`);
    try {
      byStem.set(stem, parseNpy(file.buf));
    } catch (e) {
      if (!(e instanceof NpyFormatError)) throw e;
      errors.push(`${file.key}: ${e.message}`);
    }
  }
  if (errors.length) throw new FileFormatError(errors.join("; "));
  const fields = batchFields(schema);
  const keys = files.map((f) => f.key);
  for (const f of schema.fields) {
    if (f.isPrimary && f.autoId && byStem.has(f.name)) {
      errors.push(`the primary key '${f.name}' is auto-generated, no need to provide`);
    }
  }
  for (const f of fields) {
    const a = byStem.get(f.name);
    if (!a) {
      if (!f.nullable && f.defaultValue === undefined)
        errors.push(`no file for field: ${f.name}, files: [${keys.join(" ")}]`);
      continue;
    }
    try {
      checkHeader(f, a);
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  const meta = byStem.get(DYNAMIC_FIELD);
  if (meta && schema.enableDynamicField) {
    try {
      checkHeader(undefined, meta);
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  const known = new Set(schema.fields.map((f) => f.name));
  if (ctx.options.extraFields === "reject") {
    for (const stem of byStem.keys()) {
      if (!known.has(stem) && !(stem === DYNAMIC_FIELD && schema.enableDynamicField)) {
        errors.push(`the field '${stem}' is not defined in schema`);
      }
    }
  }
  if (errors.length) throw new FileFormatError(errors.join("; "));

  const used = fields
    .filter((f) => byStem.has(f.name))
    .map((f) => [f, byStem.get(f.name) as NpyArray] as const);
  const counts = used.map(([f, a]) => [f.name, a.shape[0]] as const);
  if (meta && schema.enableDynamicField) counts.push([DYNAMIC_FIELD, meta.shape[0]]);
  const rows = counts[0]?.[1] ?? 0;
  const odd = counts.find(([, n]) => n !== rows);
  if (odd) {
    throw new FileFormatError(
      `numpy row count mismatch: field '${counts[0][0]}' has ${rows} rows, field '${odd[0]}' has ${odd[1]}`,
    );
  }
  const readers = new Map(used.map(([f, a]) => [f.name, columnReader(f, a)]));
  const fieldNames = new Set(schema.fields.map((f) => f.name));
  const out = new BatchBuilder(schema);
  for (let r = 0; r < rows; r++) {
    const row = new Map<string, StoredValue>();
    let ok = true;
    for (const f of fields) {
      const read = readers.get(f.name);
      try {
        // NumPy cannot express NULL: absent optional fields take their default or NULL.
        row.set(f.name, read ? read(r) : f.defaultValue !== undefined ? defaultOf(f) : null);
      } catch (e) {
        if (!(e instanceof ValueError)) throw e;
        ok = false;
        problem(ctx, { row: r + 1, field: f.name, message: e.message });
      }
    }
    if (schema.enableDynamicField) {
      try {
        row.set(DYNAMIC_FIELD, meta ? checkDynamicObjectText(stringAt(meta, r), fieldNames) : "{}");
      } catch (e) {
        if (!(e instanceof ValueError)) throw e;
        ok = false;
        problem(ctx, { row: r + 1, field: DYNAMIC_FIELD, message: e.message });
      }
    }
    if (ok) out.addRow(row);
  }
  return out.build();
}
