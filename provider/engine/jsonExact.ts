/**
 * JSON with exact numbers. Milvus decodes import JSON with `UseNumber`, so `1.0` is not an integer and
 * 9223372036854775807 keeps every digit. JSON.parse's reviver receives the number's source text
 * (`context.source`, Node ≥ 21), which we keep in a JsonNum instead of a lossy double.
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

export type ExactJson = null | boolean | string | JsonNum | ExactJson[] | { [k: string]: ExactJson };

type Reviver = (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown;

const keepNumberSource: Reviver = (_key, value, context) =>
  typeof value === "number" ? new JsonNum(context?.source ?? String(value)) : value;

export function parseExactJson(text: string): ExactJson {
  return JSON.parse(text, keepNumberSource as Parameters<typeof JSON.parse>[1]) as ExactJson;
}

/** Compact JSON text of an exact value, numbers written as they appeared. */
export function stringifyExact(v: ExactJson): string {
  if (v === null) return "null";
  if (v instanceof JsonNum) return v.source;
  if (typeof v === "string" || typeof v === "boolean") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stringifyExact).join(",")}]`;
  const parts = Object.keys(v).map((k) => `${JSON.stringify(k)}:${stringifyExact(v[k])}`);
  return `{${parts.join(",")}}`;
}

export function jsonTypeName(v: ExactJson | undefined): string {
  if (v === null || v === undefined) return "null";
  if (v instanceof JsonNum) return v.isInteger ? "int" : "float";
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
