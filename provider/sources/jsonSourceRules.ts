/**
 * Milvus's JSON reader rules that a JSON or JSONL source can break before its values reach the
 * validator as plain JS: integers must be written in digits (`5.0` and `1e2` are refused for integer
 * fields, and JSON.parse makes them the number 5 and 100), and a JSON field takes an object or a string
 * holding JSON (lists, numbers and booleans are refused). Values from code keep the validator's rules.
 */
import type { CollectionSchema, FieldSchema } from "../schema/types";
import type { IssueCollector, Location } from "../validate/issues";
import type { ColumnMapping } from "./types";

const INTEGER_TYPES = new Set(["INT8", "INT16", "INT32", "INT64"]);

export class JsonSourceRules {
  /** Integral numbers written with a fraction or exponent: holder → key → source text. */
  private readonly nonDigits = new Map<object, Map<string, string>>();
  private readonly checks: { key: string; field: FieldSchema }[] = [];

  constructor(schema: CollectionSchema, mapping?: ColumnMapping) {
    // The source key of each field: its own name, or a key renamed to it.
    const byName = new Map(schema.fields.map((f) => [f.name, f]));
    const sourceKeys = new Set([...byName.keys(), ...Object.keys(mapping?.rename ?? {})]);
    for (const key of sourceKeys) {
      const field = byName.get(mapping?.rename?.[key] ?? key);
      if (field) this.checks.push({ key, field });
    }
  }

  /** Pass to parseJsonExact. */
  readonly record = (holder: object, key: string, source: string): void => {
    const keys = this.nonDigits.get(holder) ?? new Map<string, string>();
    this.nonDigits.set(holder, keys);
    keys.set(key, source);
  };

  check(row: unknown, loc: Location, issues: IssueCollector): void {
    if (typeof row !== "object" || row === null || Array.isArray(row)) return;
    const r = row as Record<string, unknown>;
    for (const { key, field } of this.checks) {
      const v = r[key];
      if (v === undefined || v === null) continue;
      const t = field.dataType;
      if (INTEGER_TYPES.has(t)) {
        const written = this.nonDigits.get(r)?.get(key);
        if (written !== undefined) issues.add({ ...loc, field: key, ...integerIssue(t, written) });
      } else if (t === "ARRAY" && INTEGER_TYPES.has(field.elementType ?? "") && Array.isArray(v)) {
        const written = this.nonDigits.get(v);
        if (written) {
          const [index, text] = [...written][0];
          issues.add({
            ...loc,
            field: key,
            ...integerIssue(field.elementType!, `${text} at index ${index}`),
          });
        }
      } else if (t === "JSON" && typeof v !== "string" && (typeof v !== "object" || Array.isArray(v))) {
        issues.add({
          ...loc,
          field: key,
          expected:
            "a JSON object or a string holding JSON (Milvus's JSON reader refuses lists, numbers and booleans for JSON fields)",
          got: Array.isArray(v) ? "a list" : `${typeof v} ${String(v)}`,
        });
      }
    }
  }
}

function integerIssue(type: string, written: string) {
  return {
    expected: `${type} written in digits (Milvus's JSON reader refuses fractions and exponents for integers)`,
    got: written,
  };
}
