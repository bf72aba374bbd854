/** Collection schema model: types, normalization (aliases), Milvus rule checks, fingerprint. */

export { assertValidSchema, checkSchema } from "./check";
export { SchemaValidationError } from "./errors";
export { inputFields, isDenseVectorType, isIntegerType, isVectorType, primaryField } from "./fields";
export { schemaFingerprint, stableStringify } from "./fingerprint";
export { COLLECTION_SCHEMA_FILE, findSchemaFile, jsonSchemaProblems } from "./jsonSchema";
export { INT_RANGES, LIMITS } from "./limits";
export { isValidName, type NameKind, type NameProblem, nameProblem, nameProblems } from "./names";
export { describeValue, normalizeSchema } from "./normalize";
export { hasLoneSurrogate, utf8ByteLength } from "./text";
export {
  assertNever,
  denseTraits,
  FIELD_TRAITS,
  type FieldKind,
  type FieldTraits,
  isDataType,
  kindOf,
  type ParquetLeaf,
  storedRowBytes,
  traitsOf,
  type VectorElement,
  valuesPerRow,
} from "./traits";
export { ALL_DATA_TYPES, parseDataType, parseElementType, restTypeName } from "./typeNames";
export * from "./types";
