/** Data validation compiled from a schema: Milvus server rules, located issues, columnar output. */

export {
  type ArrayElement,
  type Column,
  type ColumnBatch,
  ColumnBuilder,
  type ColumnValues,
  type SparseVector,
  typedArrayFor,
  valuesPerRow,
} from "./columns";
export { type InputColumns, validateColumns } from "./columnValidator";
export { type Converter, defaultFor, fieldConverter, Problem } from "./fieldRules";
export {
  bfloat16BitsToNumber,
  float16BitsToNumber,
  float32ToBFloat16Bits,
  float32ToFloat16Bits,
  isNonFiniteHalf,
} from "./half";
export {
  DataValidationError,
  DEFAULT_ISSUE_LIMIT,
  formatIssue,
  IssueCollector,
  type Location,
  type ValidationIssue,
} from "./issues";
export { JsonValueError, parseJsonExact, stringifyJson } from "./jsonText";
export { RowValidator } from "./rowValidator";
export { validateRows } from "./validateRows";
