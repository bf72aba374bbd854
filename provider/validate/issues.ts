/** One bad value, located: `file:row:field: expected X, got Y`. Row is 1-based (data rows, not lines). */
export interface ValidationIssue {
  file: string;
  /** 1-based data row; 0 when the problem is with the file itself (empty, unreadable, bad header). */
  row: number;
  field: string;
  expected: string;
  got: string;
}

export function formatIssue(i: ValidationIssue): string {
  return `${i.file}:${i.row}:${i.field}: expected ${i.expected}, got ${i.got}`;
}

/** Rows and files are located by this; sources advance `row`. */
export interface Location {
  file: string;
  row: number;
}

/**
 * Thrown when data does not satisfy the schema. Lists the first issues (up to a limit) and counts all
 * of them; `complete` is false when reading stopped at the limit, so the count is a lower bound.
 */
export class DataValidationError extends Error {
  readonly issues: ValidationIssue[];
  readonly totalIssues: number;
  readonly complete: boolean;
  constructor(issues: ValidationIssue[], totalIssues = issues.length, complete = true) {
    super(
      `${describeIssueCount(totalIssues, issues.length, complete)}:\n  ${issues.map(formatIssue).join("\n  ")}` +
        (totalIssues > issues.length
          ? `\n  ... and ${totalIssues - issues.length}${complete ? "" : " or more"} more`
          : ""),
    );
    this.name = "DataValidationError";
    this.issues = issues;
    this.totalIssues = totalIssues;
    this.complete = complete;
  }
}

/** "5000 invalid values (the first 100 are listed)", or "at least 100 ..." when reading stopped early. */
export function describeIssueCount(total: number, listed: number, complete = true): string {
  const count = `${complete ? "" : "at least "}${total} invalid value${total === 1 ? "" : "s"}`;
  if (!complete) return `${count} (reading stopped after the first ${listed})`;
  return total > listed ? `${count} (the first ${listed} are listed)` : count;
}

export const DEFAULT_ISSUE_LIMIT = 100;

/** Collects issues up to a limit (the rest are only counted) so one run reports many problems. */
export class IssueCollector {
  readonly issues: ValidationIssue[] = [];
  total = 0;
  constructor(readonly limit: number = DEFAULT_ISSUE_LIMIT) {}
  add(issue: ValidationIssue): void {
    this.total++;
    if (this.issues.length < this.limit) this.issues.push(issue);
  }
  get full(): boolean {
    return this.total >= this.limit;
  }
  get ok(): boolean {
    return this.total === 0;
  }
  /** Throws DataValidationError when anything was collected; `complete`: every row was checked. */
  throwIfAny(complete = true): void {
    if (this.total > 0) throw new DataValidationError(this.issues, this.total, complete);
  }
}
