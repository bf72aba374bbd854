/** A problem with how the CLI was called (flags, config file): exit code 2, message plus a hint. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  constructor(
    message: string,
    /** Extra lines shown after the message (e.g. the command's usage). */
    readonly hint?: string,
  ) {
    super(message);
  }
}
