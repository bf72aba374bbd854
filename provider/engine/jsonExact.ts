/**
 * JSON with exact numbers. Milvus decodes import JSON with `UseNumber`, so `1.0` is not an integer and
 * 9223372036854775807 keeps every digit. JSON.parse's reviver receives the number's source text
 * (`context.source`, Node ≥ 21). Plain JS numbers are kept where they are exact and unambiguous
 * (non-integral values; safe integers written as integers) — the bulk of a file, e.g. vector
 * components — and only the rest become JsonNum, so a 10k × 768 file does not allocate 7.7M objects.
 */
export class JsonNum {
  constructor(readonly source: string) {}
  get isInteger(): boolean {
    return /^-?\d+$/.test(this.source);
  }
  toNumber(): number {
    return Number(this.source);
  }
}

export type ExactJson = null | boolean | string | number | JsonNum | ExactJson[] | { [k: string]: ExactJson };

type Reviver = (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown;

const keepNumberSource: Reviver = (_key, value, context) => {
  if (typeof value !== "number" || !Number.isInteger(value)) return value;
  const src = context?.source ?? String(value);
  return Number.isSafeInteger(value) && /^-?\d+$/.test(src) ? value : new JsonNum(src);
};

/** A number that was written as an integer (exact digits), as a BigInt; undefined otherwise. */
export function exactInteger(v: unknown): bigint | undefined {
  if (typeof v === "number") return Number.isInteger(v) ? BigInt(v) : undefined;
  if (v instanceof JsonNum && v.isInteger) return BigInt(v.source);
  return undefined;
}

export function numberOf(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (v instanceof JsonNum) return v.toNumber();
  return undefined;
}

export function parseExactJson(text: string): ExactJson {
  return JSON.parse(text, keepNumberSource as Parameters<typeof JSON.parse>[1]) as ExactJson;
}

/** Compact JSON text of an exact value, numbers written as they appeared. */
export function stringifyExact(v: ExactJson): string {
  if (v === null) return "null";
  if (v instanceof JsonNum) return v.source;
  if (typeof v === "string" || typeof v === "boolean" || typeof v === "number") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stringifyExact).join(",")}]`;
  const parts = Object.keys(v).map((k) => `${JSON.stringify(k)}:${stringifyExact(v[k])}`);
  return `{${parts.join(",")}}`;
}

export function jsonTypeName(v: ExactJson | undefined): string {
  if (v === null || v === undefined) return "null";
  if (v instanceof JsonNum) return v.isInteger ? "int" : "float";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (Array.isArray(v)) return "list";
  return typeof v === "object" ? "object" : typeof v;
}

export function isPlainObject(v: unknown): v is { [k: string]: ExactJson } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof JsonNum);
}

/** JSON text back to plain JS for query output: integers beyond 2^53 become BigInt. */
export function parseForOutput(text: string): unknown {
  const revive: Reviver = (_k, value, ctx) => {
    if (
      typeof value === "number" &&
      ctx?.source &&
      /^-?\d+$/.test(ctx.source) &&
      !Number.isSafeInteger(value)
    ) {
      return BigInt(ctx.source);
    }
    return value;
  };
  return JSON.parse(text, revive as Parameters<typeof JSON.parse>[1]);
}
