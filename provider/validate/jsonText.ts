import { MAX_JSON_NESTING } from "./jsonNesting";

/**
 * JSON text in and out with exact integers: JSON.parse's source-text access (Node ≥21) keeps the
 * digits of every number, so integers beyond 2^53 become BigInt instead of silently rounding.
 */
export function parseJsonExact(text: string): unknown {
  // The reviver costs ~10x the parse; it only changes integer tokens of 16+ digits, so text without a
  // run of 16 digits (nearly all: vectors, ids below 10^15) parses the same without it.
  return hasLongDigitRun(text) ? JSON.parse(text, exactNumbers as never) : JSON.parse(text);
}

/** Whether text holds 16 digits in a row (a linear scan: the regex /\d{16}/ backtracks on every run). */
function hasLongDigitRun(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++run >= 16) return true;
    } else run = 0;
  }
  return false;
}

function exactNumbers(_key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value !== "number" || context?.source === undefined) return value;
  if (Number.isSafeInteger(value)) return value;
  const src = context.source;
  return /^-?\d+$/.test(src) ? BigInt(src) : value;
}

/** Thrown for values JSON cannot carry (NaN, Infinity, functions, cycles). */
export class JsonValueError extends Error {}

/**
 * JSON.stringify that writes BigInt as exact digits and typed arrays as lists, and refuses NaN/±Inf
 * (JSON.stringify would silently write `null`).
 */
export function stringifyJson(value: unknown): string {
  const parts: string[] = [];
  write(value, parts, 0);
  return parts.join("");
}

/** `depth`: arrays/objects enclosing v. */
function write(v: unknown, out: string[], depth: number): void {
  switch (typeof v) {
    case "string":
      out.push(JSON.stringify(v));
      return;
    case "number":
      if (!Number.isFinite(v)) throw new JsonValueError(`${v} is not valid JSON`);
      out.push(String(v));
      return;
    case "bigint":
      out.push(v.toString());
      return;
    case "boolean":
      out.push(v ? "true" : "false");
      return;
    case "object":
      break;
    default:
      throw new JsonValueError(`a ${typeof v} is not valid JSON`);
  }
  if (v === null) {
    out.push("null");
    return;
  }
  if (depth >= MAX_JSON_NESTING)
    throw new JsonValueError(`arrays/objects nested deeper than ${MAX_JSON_NESTING} levels`);
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const arr = v as ArrayLike<unknown>;
    out.push("[");
    for (let i = 0; i < arr.length; i++) {
      if (i > 0) out.push(",");
      write(arr[i] === undefined ? null : arr[i], out, depth + 1);
    }
    out.push("]");
    return;
  }
  const entries = v instanceof Map ? [...v.entries()] : Object.entries(v as object);
  out.push("{");
  let first = true;
  for (const [k, val] of entries) {
    if (val === undefined) continue;
    if (!first) out.push(",");
    first = false;
    out.push(JSON.stringify(String(k)), ":");
    write(val, out, depth + 1);
  }
  out.push("}");
}
