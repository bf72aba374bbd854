import { DataValidationError } from "../validate/issues";

/** A file-level problem (unreadable, empty, malformed) as a located DataValidationError. */
export function sourceError(
  file: string,
  row: number,
  expected: string,
  got: string,
  field = "(file)",
): DataValidationError {
  return new DataValidationError([{ file, row, field, expected, got }]);
}
