/**
 * Request-body binding with the Milvus REST server's behaviour (gin ShouldBindJSON + validator):
 * unknown keys ignored, a JSON type that does not fit the Go field → 1801, a missing/null/zero
 * `required` field → 1802, an empty body → 1801. Specs mirror the Go request structs.
 */
import { parseJsonLossless } from "../provider/api/json";

export type FieldKind =
  | "string"
  | "bool"
  | "int"
  | "float"
  | "strings"
  | "stringGrid"
  | "stringMap"
  | "object"
  | "array"
  | "floatGrid";

export interface FieldSpec {
  kind: FieldKind;
  required?: boolean;
}

export interface StructSpec {
  name: string;
  fields: Record<string, FieldSpec>;
}

class BindError extends Error {
  constructor(
    readonly code: 1801 | 1802,
    message: string,
  ) {
    super(message);
  }
}

const GO_TYPE: Record<FieldKind, string> = {
  string: "string",
  bool: "bool",
  int: "int32",
  float: "float64",
  strings: "[]string",
  stringGrid: "[][]string",
  stringMap: "map[string]string",
  object: "map[string]interface {}",
  array: "[]interface {}",
  floatGrid: "[][]float32",
};

function jsonKind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "bigint" || typeof v === "number") return "number";
  return typeof v === "object" ? "object" : typeof v;
}

function fits(kind: FieldKind, v: unknown): boolean {
  if (v === null) return true; // JSON null leaves the Go zero value
  switch (kind) {
    case "string":
      return typeof v === "string";
    case "bool":
      return typeof v === "boolean";
    case "int":
      return (typeof v === "number" && Number.isInteger(v)) || typeof v === "bigint";
    case "float":
      return typeof v === "number" || typeof v === "bigint";
    case "strings":
      return Array.isArray(v) && v.every((x) => x === null || typeof x === "string");
    case "stringGrid":
      return (
        Array.isArray(v) &&
        v.every(
          (g) => g === null || (Array.isArray(g) && g.every((x) => x === null || typeof x === "string")),
        )
      );
    case "stringMap":
      return (
        typeof v === "object" &&
        !Array.isArray(v) &&
        Object.values(v as object).every((x) => x === null || typeof x === "string")
      );
    case "object":
      return typeof v === "object" && !Array.isArray(v);
    case "array":
      return Array.isArray(v);
    case "floatGrid":
      return (
        Array.isArray(v) &&
        v.every((g) => Array.isArray(g) && g.every((x) => typeof x === "number" || typeof x === "bigint"))
      );
  }
}

const goName = (k: string) => k.charAt(0).toUpperCase() + k.slice(1).replace(/Id$/, "ID");

function isZero(kind: FieldKind, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (kind === "string") return v === "";
  if (kind === "int" || kind === "float") return Number(v) === 0;
  if (kind === "bool") return v === false;
  return false;
}

/** Parses and binds a body; returns the plain object (unknown keys kept, BigInt for big ints). */
export function bind(raw: string, spec: StructSpec): Record<string, unknown> {
  if (raw.trim() === "") {
    throw new BindError(
      1801,
      "can only accept json format request, the request body should be nil, however {} is valid",
    );
  }
  let body: unknown;
  try {
    body = parseJsonLossless(raw);
  } catch (e) {
    throw new BindError(1801, `can only accept json format request, error: ${(e as Error).message}`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new BindError(
      1801,
      `can only accept json format request, error: json: cannot unmarshal ${jsonKind(body)} into Go value of type httpserver.${spec.name}`,
    );
  }
  const obj = body as Record<string, unknown>;
  for (const [key, f] of Object.entries(spec.fields)) {
    const v = obj[key];
    if (v !== undefined && !fits(f.kind, v)) {
      throw new BindError(
        1801,
        `can only accept json format request, error: json: cannot unmarshal ${jsonKind(v)} into Go struct field ${spec.name}.${key} of type ${GO_TYPE[f.kind]}`,
      );
    }
  }
  for (const [key, f] of Object.entries(spec.fields)) {
    if (f.required && isZero(f.kind, obj[key])) {
      const g = goName(key);
      throw new BindError(
        1802,
        `missing required parameters, error: Key: '${spec.name}.${g}' Error:Field validation for '${g}' failed on the 'required' tag`,
      );
    }
  }
  return obj;
}

export const str = (v: unknown): string => (typeof v === "string" ? v : "");
