import { SchemaValidationError } from "./errors";
import { isDenseVectorType, isIntegerType, isVectorType } from "./fields";
import { INT_RANGES, LIMITS } from "./limits";
import { nameProblem } from "./names";
import { hasLoneSurrogate, utf8ByteLength } from "./text";
import { type CollectionSchema, DYNAMIC_FIELD, type FieldSchema } from "./types";

/**
 * Milvus's create-collection rules (proxy validation) for a canonical schema. Returns every problem
 * as a "field 'x': ..." line; empty when Milvus 2.4–2.6 and Zilliz Cloud would all accept it.
 */
export function checkSchema(schema: CollectionSchema): string[] {
  const problems: string[] = [];
  const fields = schema.fields;
  if (fields.length === 0) problems.push("schema: at least one field is required");
  if (fields.length > LIMITS.maxFields)
    problems.push(`schema: ${fields.length} fields, Milvus allows at most ${LIMITS.maxFields}`);

  const seen = new Set<string>();
  for (const f of fields) {
    if (seen.has(f.name)) problems.push(`field '${f.name}': duplicate field name`);
    seen.add(f.name);
    problems.push(...checkField(f).map((p) => `field '${f.name}': ${p}`));
  }

  const primaries = fields.filter((f) => f.isPrimary);
  if (primaries.length === 0)
    problems.push("schema: no primary key field (set isPrimary on one INT64 or VARCHAR field)");
  if (primaries.length > 1)
    problems.push(
      `schema: ${primaries.length} primary key fields (${primaries.map((f) => f.name).join(", ")}), exactly one is allowed`,
    );

  const partitionKeys = fields.filter((f) => f.isPartitionKey);
  if (partitionKeys.length > 1)
    problems.push(
      `schema: ${partitionKeys.length} partition key fields (${partitionKeys.map((f) => f.name).join(", ")}), at most one is allowed`,
    );

  const vectors = fields.filter((f) => isVectorType(f.dataType));
  if (vectors.length === 0) problems.push("schema: at least one vector field is required");
  if (vectors.length > LIMITS.maxVectorFieldsConfigurable)
    problems.push(
      `schema: ${vectors.length} vector fields, Milvus allows at most ${LIMITS.maxVectorFieldsConfigurable} (proxy.maxVectorFieldNum, default ${LIMITS.maxVectorFields})`,
    );
  return problems;
}

function checkField(f: FieldSchema): string[] {
  const p: string[] = [];
  const t = f.dataType;
  if (typeof f.name !== "string" || f.name.length === 0) return ["name is required"];
  if (f.name === DYNAMIC_FIELD) p.push(`'${DYNAMIC_FIELD}' is reserved for the dynamic field`);
  else {
    const bad = nameProblem("field", f.name);
    if (bad) p.push(bad.message);
  }
  if (t === undefined) return [...p, "dataType is required"];

  const needsDim = isDenseVectorType(t);
  if (needsDim) {
    if (!Number.isInteger(f.dim)) p.push(`${t} needs an integer dim, got ${String(f.dim)}`);
    else if (t === "BINARY_VECTOR") {
      const dim = f.dim as number;
      if (dim % 8 !== 0 || dim < 8 || dim > LIMITS.maxBinaryDim)
        p.push(`BINARY_VECTOR dim must be a multiple of 8 in 8..${LIMITS.maxBinaryDim}, got ${dim}`);
    } else if ((f.dim as number) < LIMITS.minDim || (f.dim as number) > LIMITS.maxDim) {
      p.push(`${t} dim must be in ${LIMITS.minDim}..${LIMITS.maxDim}, got ${f.dim}`);
    }
  } else if (f.dim !== undefined) p.push(`dim is only for dense vector fields, not ${t}`);

  const hasLength = t === "VARCHAR" || (t === "ARRAY" && f.elementType === "VARCHAR");
  if (hasLength) {
    if (
      !Number.isInteger(f.maxLength) ||
      (f.maxLength as number) < 1 ||
      (f.maxLength as number) > LIMITS.maxVarCharLength
    ) {
      p.push(
        `maxLength must be an integer in 1..${LIMITS.maxVarCharLength} (UTF-8 bytes), got ${String(f.maxLength)}`,
      );
    }
  } else if (f.maxLength !== undefined)
    p.push(`maxLength is only for VARCHAR (or ARRAY of VARCHAR), not ${t}`);

  if (t === "ARRAY") {
    if (f.elementType === undefined) p.push("ARRAY needs elementType");
    if (
      !Number.isInteger(f.maxCapacity) ||
      (f.maxCapacity as number) < 1 ||
      (f.maxCapacity as number) > LIMITS.maxArrayCapacity
    ) {
      p.push(
        `ARRAY maxCapacity must be an integer in 1..${LIMITS.maxArrayCapacity}, got ${String(f.maxCapacity)}`,
      );
    }
  } else {
    if (f.elementType !== undefined) p.push(`elementType is only for ARRAY, not ${t}`);
    if (f.maxCapacity !== undefined) p.push(`maxCapacity is only for ARRAY, not ${t}`);
  }

  if (f.isPrimary) {
    if (t !== "INT64" && t !== "VARCHAR") p.push(`primary key must be INT64 or VARCHAR, got ${t}`);
    if (f.nullable) p.push("primary key cannot be nullable");
    if (f.defaultValue !== undefined) p.push("primary key cannot have a default value");
    if (f.isPartitionKey) p.push("primary key cannot be the partition key");
  } else if (f.autoId) p.push("autoId is only allowed on the primary key");

  if (f.isPartitionKey) {
    if (t !== "INT64" && t !== "VARCHAR") p.push(`partition key must be INT64 or VARCHAR, got ${t}`);
    if (f.nullable) p.push("partition key cannot be nullable");
  }

  if (isVectorType(t)) {
    // Nullable vectors need Milvus 2.6; 2.4/2.5 reject them ("not support nullable in vector").
    if (f.nullable) p.push("vector fields cannot be nullable on Milvus 2.4/2.5");
    if (f.defaultValue !== undefined) p.push("vector fields cannot have a default value");
  }
  if (f.defaultValue !== undefined && !isVectorType(t) && !f.isPrimary) p.push(...checkDefault(f));
  return p;
}

function checkDefault(f: FieldSchema): string[] {
  const v = f.defaultValue;
  const t = f.dataType;
  const bad = (expected: string) => [`defaultValue must be ${expected}, got ${JSON.stringify(v)}`];
  if (t === "JSON" || t === "ARRAY") return [`${t} fields cannot have a default value`];
  if (t === "BOOL") return typeof v === "boolean" ? [] : bad("a boolean");
  if (isIntegerType(t)) {
    let n: bigint | undefined;
    if (typeof v === "number" && Number.isSafeInteger(v)) n = BigInt(v);
    else if (typeof v === "string" && /^-?\d+$/.test(v)) n = BigInt(v);
    const [lo, hi] = INT_RANGES[t];
    if (n === undefined || n < lo || n > hi)
      return bad(`an integer in ${lo}..${hi}${t === "INT64" ? " (a decimal string beyond 2^53)" : ""}`);
    return [];
  }
  if (t === "FLOAT" || t === "DOUBLE") {
    if (typeof v !== "number" || !Number.isFinite(v)) return bad("a finite number");
    if (t === "FLOAT" && !Number.isFinite(Math.fround(v))) return bad("a number within FLOAT range");
    return [];
  }
  if (t === "VARCHAR") {
    if (typeof v !== "string" || hasLoneSurrogate(v)) return bad("a valid UTF-8 string");
    const bytes = utf8ByteLength(v);
    if (f.maxLength !== undefined && bytes > f.maxLength)
      return bad(`at most ${f.maxLength} UTF-8 bytes (got ${bytes})`);
    return [];
  }
  return [];
}

/** Throws SchemaValidationError when checkSchema finds problems. */
export function assertValidSchema(schema: CollectionSchema): void {
  const problems = checkSchema(schema);
  if (problems.length > 0) {
    throw new SchemaValidationError(problems);
  }
}
