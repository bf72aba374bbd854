/**
 * Duplicate keys in JSON objects. JSON.parse (and Milvus's Go decoder) keep the last value of a
 * repeated key without a word, so `{"a":1,"a":2}` would silently lose a value; we refuse such text.
 *
 * Fast path: the number of `:` outside strings is the number of key/value pairs written; parsers
 * count the keys they kept, and only when the two differ does findDuplicateKey scan for the culprit.
 */

/** `:` characters outside strings: the key/value pairs written in valid JSON text. */
export function countKeySeparators(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 58) n++;
    else if (c === 34) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    }
  }
  return n;
}

/** Keys in a parsed JSON value (object members at every depth). */
export function countKeys(v: unknown): number {
  if (typeof v !== "object" || v === null) return 0;
  let n = 0;
  if (Array.isArray(v)) {
    for (const x of v) if (typeof x === "object" && x !== null) n += countKeys(x);
    return n;
  }
  for (const k in v) {
    n++;
    const x = (v as Record<string, unknown>)[k];
    if (typeof x === "object" && x !== null) n += countKeys(x);
  }
  return n;
}

export interface DuplicateKey {
  key: string;
  /** 1-based line of the second occurrence. */
  line: number;
}

/** The first key repeated within one object of valid JSON text, or undefined. */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  // One entry per open container: the keys seen so far (objects) or null (arrays).
  const open: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123) {
      open.push(new Set());
      expectKey = true;
    } else if (c === 91) {
      open.push(null);
      expectKey = false;
    } else if (c === 125 || c === 93) {
      open.pop();
      expectKey = false;
    } else if (c === 44) {
      expectKey = open[open.length - 1] != null;
    } else if (c === 34) {
      const start = i;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
      if (!expectKey) continue;
      expectKey = false;
      const raw = text.slice(start, i + 1);
      const key = raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      const keys = open[open.length - 1] as Set<string>;
      if (keys.has(key)) return { key, line: text.slice(0, start).split("\n").length };
      keys.add(key);
    }
  }
  return undefined;
}

/** Thrown by the exact JSON parsers for text with a repeated key. */
export class JsonDuplicateKeyError extends Error {
  constructor(readonly duplicate: DuplicateKey) {
    super(
      `duplicated key '${duplicate.key}' in a JSON object (line ${duplicate.line}): its earlier value would be lost`,
    );
    this.name = "JsonDuplicateKeyError";
  }
}

/** Throws JsonDuplicateKeyError when `written` (countKeySeparators) exceeds the keys kept. */
export function assertNoDuplicateKeys(text: string, written: number, kept: number): void {
  if (written === kept) return;
  const dup = findDuplicateKey(text);
  if (dup) throw new JsonDuplicateKeyError(dup);
}

/**
 * Milvus documents 65,536 bytes as the size limit of a JSON field value (Milvus 2.3.5 does not enforce
 * it on import; we do, so data is not refused later by servers that do).
 */
export const JSON_MAX_BYTES = 65536;
