import type { CollectionSchema } from "../schema/types";
import type { ColumnBatch } from "./columns";
import { DEFAULT_ISSUE_LIMIT, IssueCollector } from "./issues";
import { RowValidator } from "./rowValidator";

/**
 * One-shot convenience: validate rows of one file; throws DataValidationError listing the first
 * `limit` issues and counting all of them.
 */
export function validateRows(
  schema: CollectionSchema,
  rows: unknown[],
  file = "rows",
  limit = DEFAULT_ISSUE_LIMIT,
): ColumnBatch {
  const issues = new IssueCollector(limit);
  const v = new RowValidator(schema);
  for (let i = 0; i < rows.length; i++) v.add(rows[i], { file, row: i + 1 }, issues);
  issues.throwIfAny();
  return v.take();
}
