/**
 * JSON text in and out with exact integers: JSON.parse's source-text access (Node ≥21) keeps the
 * digits of every number, so integers beyond 2^53 become BigInt instead of silently rounding.
 */
import { assertNoDuplicateKeys, countKeySeparators } from "./jsonDuplicateKeys";
import { MAX_JSON_NESTING } from "./jsonNesting";

export function parseJsonExact(text: string, onIntegralNonDigits?: IntegralNonDigits): unknown {
  let kept = 0;
  const reviver = function (this: unknown, key: string, value: unknown, context?: { source?: string }) {
    if (this !== null && typeof this === "object" && !Array.isArray(this)) kept++;
    if (typeof value !== "number" || context?.source === undefined) return value;
    const src = context.source;
    if (Number.isSafeInteger(value)) {
      if (onIntegralNonDigits && !/^-?\d+$/.test(src)) onIntegralNonDigits(this as object, key, src);
      return value;
    }
    return /^-?\d+$/.test(src) ? BigInt(src) : value;
  };
  const v = JSON.parse(text, reviver as never);
  // The reviver also runs once for the root, with a wrapper object holder.
  assertNoDuplicateKeys(text, countKeySeparators(text), kept - 1);
  return v;
}

/**
 * Told about integral numbers written with a fraction or exponent (`5.0`, `1e2`): the holder object or
 * array and the key. Milvus's JSON reader refuses them for integer fields (it parses the digits).
 */
export type IntegralNonDigits = (holder: object, key: string, source: string) => void;

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
