/**
 * The subset of Milvus boolean expressions the delete and verify paths use: comparisons
 * (== != > >= < <=), `in` / `not in` lists, `and` / `or` / `not` (also && || !), parentheses, and
 * dynamic keys (`color == "red"` or `$meta["color"]`). Unknown syntax is an error, never "match all".
 */
import { kindOf } from "../schema/traits";
import type { CollectionSchema } from "../schema/types";
import { DYNAMIC_FIELD } from "../schema/types";
import { invalidParameter } from "./errors";
import type { StoredValue } from "./values";

type Literal = number | bigint | string | boolean;
type Node =
  | { kind: "and" | "or"; left: Node; right: Node }
  | { kind: "not"; expr: Node }
  | { kind: "cmp"; field: string; key?: string; op: string; value: Literal }
  | { kind: "in"; field: string; key?: string; negate: boolean; values: Literal[] };

export type RowAccessor = (field: string) => StoredValue | undefined;
export type Predicate = (row: RowAccessor) => boolean;

const TOKEN =
  /\s*(?:(-?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(==|!=|>=|<=|&&|\|\||[()[\],<>!])|([A-Za-z_$][A-Za-z0-9_$]*))/y;

function tokenize(expr: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < expr.length) {
    if (/^\s*$/.test(expr.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(expr);
    if (!m) throw new Error(`unexpected character at position ${pos}: '${expr.slice(pos, pos + 10)}'`);
    out.push(m[0].trim());
    pos = TOKEN.lastIndex;
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly t: string[]) {}
  peek(): string | undefined {
    return this.t[this.i];
  }
  next(): string {
    const v = this.t[this.i++];
    if (v === undefined) throw new Error("unexpected end of expression");
    return v;
  }
  expect(s: string): void {
    const v = this.next();
    if (v !== s) throw new Error(`expected '${s}', got '${v}'`);
  }
  done(): boolean {
    return this.i >= this.t.length;
  }
  or(): Node {
    let left = this.and();
    while (this.peek()?.toLowerCase() === "or" || this.peek() === "||") {
      this.next();
      left = { kind: "or", left, right: this.and() };
    }
    return left;
  }
  and(): Node {
    let left = this.unary();
    while (this.peek()?.toLowerCase() === "and" || this.peek() === "&&") {
      this.next();
      left = { kind: "and", left, right: this.unary() };
    }
    return left;
  }
  unary(): Node {
    const p = this.peek();
    if (p === "!" || p?.toLowerCase() === "not") {
      this.next();
      return { kind: "not", expr: this.unary() };
    }
    if (p === "(") {
      this.next();
      const e = this.or();
      this.expect(")");
      return e;
    }
    return this.comparison();
  }
  comparison(): Node {
    const name = this.next();
    if (!/^[A-Za-z_$]/.test(name)) throw new Error(`expected a field name, got '${name}'`);
    let key: string | undefined;
    if (this.peek() === "[") {
      this.next();
      const k = this.literal();
      if (typeof k !== "string") throw new Error("a JSON key must be a string");
      key = k;
      this.expect("]");
    }
    const op = this.next();
    if (op.toLowerCase() === "in" || (op.toLowerCase() === "not" && this.peek()?.toLowerCase() === "in")) {
      const negate = op.toLowerCase() === "not";
      if (negate) this.next();
      this.expect("[");
      const values: Literal[] = [];
      if (this.peek() !== "]") {
        values.push(this.literal());
        while (this.peek() === ",") {
          this.next();
          values.push(this.literal());
        }
      }
      this.expect("]");
      return { kind: "in", field: name, key, negate, values };
    }
    if (!["==", "!=", ">", ">=", "<", "<="].includes(op)) throw new Error(`unsupported operator '${op}'`);
    return { kind: "cmp", field: name, key, op, value: this.literal() };
  }
  literal(): Literal {
    const v = this.next();
    if (v.startsWith('"')) return JSON.parse(v) as string;
    if (v.startsWith("'")) {
      return JSON.parse(`"${v.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string;
    }
    if (v === "true" || v === "True") return true;
    if (v === "false" || v === "False") return false;
    if (/^-?\d+$/.test(v)) return BigInt(v);
    if (/^-?[\d.]+([eE][+-]?\d+)?$/.test(v)) return Number(v);
    throw new Error(`expected a literal, got '${v}'`);
  }
}

function compare(a: unknown, b: Literal): number | undefined {
  if (a === null || a === undefined) return undefined;
  if (typeof a === "bigint" || typeof a === "number") {
    if (typeof b === "bigint" || typeof b === "number") {
      if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
      const x = Number(a);
      const y = Number(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    return undefined;
  }
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return a === b ? 0 : a ? 1 : -1;
  return undefined;
}

function holds(op: string, c: number | undefined): boolean {
  if (c === undefined) return op === "!=";
  switch (op) {
    case "==":
      return c === 0;
    case "!=":
      return c !== 0;
    case ">":
      return c > 0;
    case ">=":
      return c >= 0;
    case "<":
      return c < 0;
    default:
      return c <= 0;
  }
}

/** JSON-held values (JSON fields, $meta keys) are stored as text; integers come back as BigInt. */
function jsonLookup(text: StoredValue | undefined, key: string): unknown {
  if (typeof text !== "string") return undefined;
  try {
    const v = (JSON.parse(text) as Record<string, unknown>)[key];
    return typeof v === "number" && Number.isInteger(v) ? BigInt(v) : v;
  } catch {
    return undefined;
  }
}

export function compileFilter(expr: string, schema: CollectionSchema): Predicate {
  if (expr.trim() === "") return () => true;
  let ast: Node;
  try {
    const p = new Parser(tokenize(expr));
    ast = p.or();
    if (!p.done()) throw new Error(`unexpected token '${p.peek()}'`);
  } catch (e) {
    throw invalidParameter(`cannot parse expression: ${expr}, error: ${(e as Error).message}`);
  }
  const fields = new Set(schema.fields.map((f) => f.name));
  const kinds = new Map(schema.fields.map((f) => [f.name, kindOf(f.dataType)]));
  const getter = (field: string, key: string | undefined): ((row: RowAccessor) => unknown) => {
    if (fields.has(field)) {
      if (key !== undefined) {
        if (kinds.get(field) !== "json")
          throw invalidParameter(
            `cannot parse expression: ${expr}, error: field ${field} is not a JSON field`,
          );
        return (row) => jsonLookup(row(field), key);
      }
      return (row) => row(field);
    }
    if (field === DYNAMIC_FIELD && key !== undefined && schema.enableDynamicField)
      return (row) => jsonLookup(row(DYNAMIC_FIELD), key);
    if (schema.enableDynamicField && key === undefined) return (row) => jsonLookup(row(DYNAMIC_FIELD), field);
    throw invalidParameter(`cannot parse expression: ${expr}, error: field ${field} not exist`);
  };
  const build = (n: Node): Predicate => {
    switch (n.kind) {
      case "and": {
        const l = build(n.left);
        const r = build(n.right);
        return (row) => l(row) && r(row);
      }
      case "or": {
        const l = build(n.left);
        const r = build(n.right);
        return (row) => l(row) || r(row);
      }
      case "not": {
        const e = build(n.expr);
        return (row) => !e(row);
      }
      case "cmp": {
        const get = getter(n.field, n.key);
        return (row) => holds(n.op, compare(get(row), n.value));
      }
      case "in": {
        const get = getter(n.field, n.key);
        return (row) => {
          const v = get(row);
          const hit = v !== null && v !== undefined && n.values.some((x) => compare(v, x) === 0);
          return n.negate ? !hit : hit;
        };
      }
    }
  };
  return build(ast);
}
