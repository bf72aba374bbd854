import { parseJsonExact } from "../validate/jsonText";
import type { ColumnMapping } from "./types";

/** Compiles a column mapping into a row transform (identity when empty). */
export function compileMapping(
  m: ColumnMapping | undefined,
): (row: Record<string, unknown>) => Record<string, unknown> {
  if (!m || (!m.rename && !m.ignore && !m.cast)) return (r) => r;
  const rename = m.rename ?? {};
  const ignore = new Set(m.ignore ?? []);
  const cast = Object.entries(m.cast ?? {});
  return (row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) {
      if (ignore.has(k)) continue;
      out[rename[k] ?? k] = v;
    }
    for (const [k, to] of cast) {
      const v = out[k];
      if (typeof v !== "string") continue;
      out[k] = castText(v, to);
    }
    return out;
  };
}

function castText(v: string, to: string): unknown {
  switch (to) {
    case "int":
      return /^[+-]?\d+$/.test(v.trim()) ? BigInt(v.trim()) : v;
    case "float": {
      const n = Number(v);
      return v.trim() !== "" && !Number.isNaN(n) ? n : v;
    }
    case "bool":
      return v === "true" ? true : v === "false" ? false : v;
    case "json":
      try {
        return parseJsonExact(v);
      } catch {
        return v;
      }
    default:
      return v;
  }
}
