/**
 * Rows given as key → value objects (JSON and JSONL files): presence, null/default, auto-id and
 * dynamic-field rules of the Milvus JSON reader, collecting every bad field of a row.
 */
import { DYNAMIC_FIELD } from "../../schema/types";
import { JsonDuplicateKeyError } from "../../validate/jsonDuplicateKeys";
import { type BatchBuilder, problem, type ReadContext } from "../batch";
import { ValueError } from "../errors";
import { type ExactJson, isPlainObject, jsonTypeName, parseExactJson, stringifyExact } from "../jsonExact";
import { valueFromJson } from "../jsonValues";
import { checkJsonSize, missingValue, type StoredValue } from "../values";

export function addJsonRow(ctx: ReadContext, out: BatchBuilder, obj: ExactJson, rowNo: number): void {
  if (!isPlainObject(obj)) {
    problem(ctx, {
      row: rowNo,
      message: `invalid JSON format, each row should be a key-value map, but got type '${jsonTypeName(obj)}'`,
    });
    return;
  }
  const { schema } = ctx;
  const row = new Map<string, StoredValue>();
  let ok = true;
  const fail = (field: string | undefined, message: string) => {
    ok = false;
    problem(ctx, { row: rowNo, field, message });
  };
  const known = new Set<string>();
  for (const f of schema.fields) {
    known.add(f.name);
    const present = Object.hasOwn(obj, f.name);
    if (f.isPrimary && f.autoId) {
      if (present) fail(f.name, `the primary key '${f.name}' is auto-generated, no need to provide`);
      continue;
    }
    try {
      const v = obj[f.name];
      row.set(
        f.name,
        !present ? missingValue(f, "missed") : v === null ? missingValue(f, "null") : valueFromJson(f, v),
      );
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      fail(f.name, e.message);
    }
  }
  const extras = Object.keys(obj).filter((k) => !known.has(k) && k !== DYNAMIC_FIELD);
  if (schema.enableDynamicField) {
    const meta = dynamicObject(obj[DYNAMIC_FIELD], (m) => fail(DYNAMIC_FIELD, m));
    if (meta) {
      for (const k of shadowedFields(meta, known)) fail(DYNAMIC_FIELD, k);
      for (const k of extras) {
        if (Object.hasOwn(meta, k)) fail(k, `duplicated key is not allowed, key=${k}`);
        else meta[k] = obj[k];
      }
      try {
        row.set(DYNAMIC_FIELD, checkJsonSize(DYNAMIC_FIELD, stringifyExact(meta)));
      } catch (e) {
        if (!(e instanceof ValueError)) throw e;
        fail(DYNAMIC_FIELD, e.message);
      }
    }
  } else if (ctx.options.extraFields === "reject") {
    const stray = Object.hasOwn(obj, DYNAMIC_FIELD) ? [...extras, DYNAMIC_FIELD] : extras;
    for (const k of stray) fail(k, `the field '${k}' is not defined in schema`);
  }
  if (ok) out.addRow(row);
}

/**
 * `$meta` keys named like schema fields, as messages: Milvus 2.3.5 imports them and then answers
 * queries with the `$meta` value in place of the field's.
 */
export function shadowedFields(meta: object, fields: Set<string>): string[] {
  return Object.keys(meta)
    .filter((k) => fields.has(k))
    .map((k) => `dynamic field key '${k}' is also a field of the schema`);
}

/** `$meta` may be absent (→ {}), an object, or a string holding a JSON object. */
function dynamicObject(
  v: ExactJson | undefined,
  fail: (m: string) => void,
): { [k: string]: ExactJson } | undefined {
  if (v === undefined || v === null) return {};
  if (isPlainObject(v)) return { ...v };
  if (typeof v === "string") {
    try {
      const parsed = parseExactJson(v);
      if (isPlainObject(parsed)) return { ...parsed };
    } catch (e) {
      if (e instanceof JsonDuplicateKeyError) {
        fail(`Dynamic field '$meta': ${e.message}`);
        return undefined;
      }
      // other parse errors: reported below
    }
  }
  fail(`Dynamic field '$meta' value should be a JSON object, got type '${jsonTypeName(v)}'`);
  return undefined;
}
