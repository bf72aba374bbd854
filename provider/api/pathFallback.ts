/**
 * Import progress has several equivalent paths (`getProgress`, `describe`, `get_progress`) and which
 * ones a server serves depends on its version. Try them in order, fall through on HTTP 404 only, and
 * remember the one that answered so later polls go straight to it.
 */
import { ApiError } from "./errors";

export class PathFallback<P extends string> {
  constructor(private paths: P[]) {}

  async call<T>(request: (path: P) => Promise<T>): Promise<T> {
    let lastError: unknown;
    for (const path of this.paths) {
      try {
        const result = await request(path);
        this.paths = [path, ...this.paths.filter((p) => p !== path)];
        return result;
      } catch (err) {
        if (!(err instanceof ApiError && err.kind === "http" && err.code === 404)) throw err;
        lastError = err;
      }
    }
    throw lastError;
  }
}
