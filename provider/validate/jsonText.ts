/**
 * JSON text in and out with exact integers: JSON.parse's source-text access (Node ≥21) keeps the
 * digits of every number, so integers beyond 2^53 become BigInt instead of silently rounding.
 */
import { assertNoDuplicateKeys, countKeys } from "./jsonDuplicateKeys";
import { MAX_JSON_NESTING } from "./jsonNesting";

export function parseJsonExact(text: string, onIntegralNonDigits?: IntegralNonDigits): unknown {
  const t = scanJsonText(text);
  // The reviver costs ~10x the parse; it only changes integer tokens of 16+ digits and reports integral
  // numbers written as 5.0 or 1e2, so text with neither (nearly all: vectors, ids below 10^15) parses
  // the same without it.
  const v =
    t.longDigitRun || (onIntegralNonDigits && t.zeroFractionOrExponent)
      ? JSON.parse(text, exactNumbers(onIntegralNonDigits) as never)
      : JSON.parse(text);
  if (t.keySeparators > 0) assertNoDuplicateKeys(text, t.keySeparators, countKeys(v));
  return v;
}

interface JsonTextScan {
  /** `:` outside strings: the key/value pairs written. */
  keySeparators: number;
  /** 16 digits in a row (a linear scan: the regex /\d{16}/ backtracks on every run). */
  longDigitRun: boolean;
  /** A number with a fraction of zeros only (`5.0`) or an exponent (`1e2`): it may be integral. */
  zeroFractionOrExponent: boolean;
}

/** One pass over valid JSON text, strings skipped. */
function scanJsonText(text: string): JsonTextScan {
  let keySeparators = 0;
  let longDigitRun = false;
  let zeroFractionOrExponent = false;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++run >= 16) longDigitRun = true;
      continue;
    }
    if (c === 46) {
      // "." only occurs in numbers: a fraction of zeros followed by no other digit may be integral.
      let j = i + 1;
      while (text.charCodeAt(j) === 48) j++;
      const d = text.charCodeAt(j);
      if (!(d >= 49 && d <= 57)) zeroFractionOrExponent = true;
    } else if ((c === 101 || c === 69) && run > 0) {
      // "e"/"E" right after a digit is an exponent (in true/false no digit comes before it).
      zeroFractionOrExponent = true;
    } else if (c === 58) keySeparators++;
    else if (c === 34) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    }
    run = 0;
  }
  return { keySeparators, longDigitRun, zeroFractionOrExponent };
}

function exactNumbers(onIntegralNonDigits?: IntegralNonDigits) {
  return function (this: unknown, key: string, value: unknown, context?: { source?: string }): unknown {
    if (typeof value !== "number" || context?.source === undefined) return value;
    const src = context.source;
    if (Number.isSafeInteger(value)) {
      if (onIntegralNonDigits && !/^-?\d+$/.test(src)) onIntegralNonDigits(this as object, key, src);
      return value;
    }
    return /^-?\d+$/.test(src) ? BigInt(src) : value;
  };
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
