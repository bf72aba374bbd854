/**
 * How deeply arrays and objects nest in JSON text, found by one linear scan before any recursive code
 * (JSON.parse with a reviver, JSON.stringify, our own walkers) sees the value: V8's plain JSON.parse
 * is iterative, but those recurse and overflow the stack a few thousand levels down, which would
 * surface as "Maximum call stack size exceeded" with no row or field. Values may nest at most
 * LIMITS.maxJsonNesting levels (schema/limits.ts); a row object adds one level, a file's row list more.
 */
import { LIMITS } from "../schema/limits";

export const MAX_JSON_NESTING = LIMITS.maxJsonNesting;

export interface DeepNesting {
  /** The depth reached (> the limit given). */
  depth: number;
  /** Offset in the text of the bracket that went too deep. */
  offset: number;
  /** Object keys and array indexes of the outer levels leading there (at most `keep` of them). */
  path: Array<string | number>;
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const COMMA = 44;

/**
 * The first place where nesting exceeds `limit` levels (outside strings), or undefined. Keys and
 * indexes are tracked for the first `keep` levels only, so the scan stays a tight loop.
 */
export function findDeepNesting(text: string, limit: number, keep = 3): DeepNesting | undefined {
  let depth = 0;
  const isArray: boolean[] = [];
  const index: number[] = [];
  const key: string[] = [];
  const expectKey: boolean[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i++;
        else if (d === QUOTE) break;
      }
      if (depth > 0 && depth <= keep && expectKey[depth]) {
        expectKey[depth] = false;
        try {
          key[depth] = JSON.parse(text.slice(start, i + 1)) as string;
        } catch {
          key[depth] = text.slice(start + 1, i);
        }
      }
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      depth++;
      if (depth > limit) {
        const path: Array<string | number> = [];
        for (let d = 1; d < Math.min(depth, keep + 1); d++) path.push(isArray[d] ? index[d] : key[d]);
        return { depth, offset: i, path };
      }
      if (depth <= keep) {
        isArray[depth] = c === OPEN_ARRAY;
        index[depth] = 0;
        key[depth] = "";
        expectKey[depth] = c === OPEN_OBJECT;
      }
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    } else if (c === COMMA && depth > 0 && depth <= keep) {
      if (isArray[depth]) index[depth]++;
      else expectKey[depth] = true;
    }
  }
  return undefined;
}

/** Line number (1-based) of an offset, for messages about whole-file JSON. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

export const nestingExpected = () => `JSON nested at most ${MAX_JSON_NESTING} levels deep`;
