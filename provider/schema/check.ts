import { SchemaValidationError } from "./errors";
import { isVectorType } from "./fields";
import { LIMITS } from "./limits";
import { nameProblem } from "./names";
import { hasLoneSurrogate, utf8ByteLength } from "./text";
import { assertNever, FIELD_TRAITS, isDataType, kindOf, traitsOf } from "./traits";
import { type CollectionSchema, DATA_TYPES, DYNAMIC_FIELD, type FieldSchema } from "./types";

/** "INT64 or VARCHAR": the types Milvus allows as primary and partition key. */
const KEY_TYPES = DATA_TYPES.filter((t) => FIELD_TRAITS[t].key).join(" or ");

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
    problems.push(`schema: no primary key field (set isPrimary on one ${KEY_TYPES} field)`);
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
  if (!isDataType(t)) return [...p, `unknown data type ${JSON.stringify(t)}`];

  const traits = traitsOf(t);
  if (traits.kind === "denseVector") {
    const per = traits.dimsPerValue;
    const dim = f.dim as number;
    if (!Number.isInteger(f.dim)) p.push(`${t} needs an integer dim, got ${String(f.dim)}`);
    else if (per > 1) {
      // Bit vectors: dim counts bits, packed `per` to a stored value.
      if (dim % per !== 0 || dim < per || dim > LIMITS.maxDim * per)
        p.push(`${t} dim must be a multiple of ${per} in ${per}..${LIMITS.maxDim * per}, got ${dim}`);
    } else if (dim < LIMITS.minDim || dim > LIMITS.maxDim) {
      p.push(`${t} dim must be in ${LIMITS.minDim}..${LIMITS.maxDim}, got ${f.dim}`);
    }
  } else if (f.dim !== undefined) p.push(`dim is only for dense vector fields, not ${t}`);

  const hasLength =
    traits.kind === "varchar" ||
    (traits.kind === "array" && isDataType(f.elementType) && kindOf(f.elementType) === "varchar");
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

  if (traits.kind === "array") {
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
    if (!traits.key) p.push(`primary key must be ${KEY_TYPES}, got ${t}`);
    if (f.nullable) p.push("primary key cannot be nullable");
    if (f.defaultValue !== undefined) p.push("primary key cannot have a default value");
    if (f.isPartitionKey) p.push("primary key cannot be the partition key");
  } else if (f.autoId) p.push("autoId is only allowed on the primary key");

  if (f.isPartitionKey) {
    if (!traits.key) p.push(`partition key must be ${KEY_TYPES}, got ${t}`);
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
  const traits = traitsOf(t);
  const bad = (expected: string) => [`defaultValue must be ${expected}, got ${JSON.stringify(v)}`];
  if (!traits.defaultable) return [`${t} fields cannot have a default value`];
  switch (traits.kind) {
    case "bool":
      return typeof v === "boolean" ? [] : bad("a boolean");
    case "int": {
      let n: bigint | undefined;
      if (typeof v === "number" && Number.isSafeInteger(v)) n = BigInt(v);
      else if (typeof v === "string" && /^-?\d+$/.test(v)) n = BigInt(v);
      const [lo, hi] = traits.range;
      const wide = hi > BigInt(Number.MAX_SAFE_INTEGER);
      if (n === undefined || n < lo || n > hi)
        return bad(`an integer in ${lo}..${hi}${wide ? " (a decimal string beyond 2^53)" : ""}`);
      return [];
    }
    case "float":
      if (typeof v !== "number" || !Number.isFinite(v)) return bad("a finite number");
      if (traits.bits === 32 && !Number.isFinite(Math.fround(v))) return bad(`a number within ${t} range`);
      return [];
    case "varchar": {
      if (typeof v !== "string" || hasLoneSurrogate(v)) return bad("a valid UTF-8 string");
      const bytes = utf8ByteLength(v);
      if (f.maxLength !== undefined && bytes > f.maxLength)
        return bad(`at most ${f.maxLength} UTF-8 bytes (got ${bytes})`);
      return [];
    }
    case "json":
    case "array":
    case "denseVector":
    case "sparseVector":
      return [`${t} fields cannot have a default value`];
    default:
      return assertNever(traits);
  }
}

/** Throws SchemaValidationError when checkSchema finds problems. */
export function assertValidSchema(schema: CollectionSchema): void {
  const problems = checkSchema(schema);
  if (problems.length > 0) {
    throw new SchemaValidationError(problems);
  }
}
