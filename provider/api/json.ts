/**
 * Lossless JSON for int64: integers beyond 2^53 parse to BigInt (using the reviver's source text,
 * Node >= 21), and BigInt values serialise as raw JSON numbers (JSON.rawJSON). No hand-written parser.
 */

type ReviverContext = { source?: string };

export function parseJsonLossless(text: string): unknown {
  return JSON.parse(text, function (this: unknown, _key: string, value: unknown, context?: ReviverContext) {
    if (
      typeof value === "number" &&
      !Number.isSafeInteger(value) &&
      context?.source &&
      /^-?\d+$/.test(context.source)
    ) {
      return BigInt(context.source);
    }
    return value;
  } as (this: unknown, key: string, value: unknown) => unknown);
}

const rawJSON = (JSON as unknown as { rawJSON: (text: string) => unknown }).rawJSON;

export function stringifyJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? rawJSON(v.toString()) : v));
}

/** An int64 as BigInt from a JSON number, a BigInt or a decimal string; undefined otherwise. */
export function toBigInt(value: unknown): bigint | undefined {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return BigInt(value.trim());
  return undefined;
}
