/** A collection schema that Milvus would reject; `problems` lists every reason, not just the first. */
export class SchemaValidationError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      `invalid collection schema (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n  - ${problems.join("\n  - ")}`,
    );
    this.name = "SchemaValidationError";
    this.problems = problems;
  }
}
