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

/** Thrown when data does not satisfy the schema; lists up to `limit` issues and counts the rest. */
export class DataValidationError extends Error {
  readonly issues: ValidationIssue[];
  readonly totalIssues: number;
  constructor(issues: ValidationIssue[], totalIssues = issues.length) {
    const more = totalIssues > issues.length ? `\n  ... and ${totalIssues - issues.length} more` : "";
    super(
      `${totalIssues} invalid value${totalIssues === 1 ? "" : "s"}:\n  ${issues.map(formatIssue).join("\n  ")}${more}`,
    );
    this.name = "DataValidationError";
    this.issues = issues;
    this.totalIssues = totalIssues;
  }
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
  /** Throws DataValidationError when anything was collected. */
  throwIfAny(): void {
    if (this.total > 0) throw new DataValidationError(this.issues, this.total);
  }
}
