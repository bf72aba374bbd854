/**
 * Rules where our engine and validator must refuse what the real Milvus 2.3.5 refuses — and, where
 * 2.3.5 accepts something that loses or shadows data or breaks a documented limit, the test shows
 * what 2.3.5 does and that we refuse it (FORMATS.md lists which is which).
 */
import fs from "node:fs";
import path from "node:path";
import { LocalBulkWriter } from "../../provider/bulkwriter";
import { normalizeSchema } from "../../provider/schema";
import { appendSource, readSource } from "../../provider/sources";
import { DataValidationError } from "../../provider/validate";
import { importIntoEngine } from "./engine";
import { caseDir, dropCaseFiles, milvusSnippet } from "./harness";

jest.setTimeout(10 * 60_000);

const SCHEMA = normalizeSchema({
  enableDynamicField: true,
  fields: [
    { name: "id", dataType: "INT64", isPrimary: true },
    { name: "vec", dataType: "FLOAT_VECTOR", dim: 2 },
    { name: "i32", dataType: "INT32" },
    { name: "i64", dataType: "INT64" },
    { name: "s", dataType: "VARCHAR", maxLength: 8 },
    { name: "js", dataType: "JSON" },
  ],
});
/** One JSON row file, members written as raw JSON text so their exact spelling reaches the readers. */
const BASE: Record<string, string> = { id: "1", vec: "[1,2]", i32: "1", i64: "5", s: '"a"', js: '{"k":1}' };
function fileText(set: Record<string, string>, extra = ""): string {
  const members = Object.entries({ ...BASE, ...set }).map(([k, v]) => `${JSON.stringify(k)}:${v}`);
  return `{"rows":[{${members.join(",")}${extra ? `,${extra}` : ""}}]}`;
}
const big = (n: number) => `{"a":"${"x".repeat(n - 8)}"}`; // n bytes

interface Rule {
  name: string;
  /** Raw JSON text of members replacing or adding to the base row. */
  set: Record<string, string>;
  /** A raw member appended after the others (to repeat a key). */
  extra?: string;
  /** What Milvus 2.3.5 does: refuse (with this reason) or accept. */
  server: RegExp | "accepts";
  /** What our engine and validator do. */
  ours: "refuse" | "accept";
  /** A value our engine/validator's message contains. */
  says?: RegExp;
}

const RULES: Rule[] = [
  {
    name: "int64_5_0",
    set: { i64: "5.0" },
    server: /parsing "5\.0": invalid syntax/,
    ours: "refuse",
    says: /5\.0/,
  },
  {
    name: "int32_1e2",
    set: { i32: "1e2" },
    server: /parsing "1e2": invalid syntax/,
    ours: "refuse",
    says: /1e2/,
  },
  {
    name: "json_number",
    set: { js: "42" },
    server: /illegal value '42' for JSON type field 'js'/,
    ours: "refuse",
    says: /js/,
  },
  {
    name: "json_list",
    set: { js: '[1,"two"]' },
    server: /illegal value '\[1 two\]' for JSON type field 'js'/,
    ours: "refuse",
    says: /js/,
  },
  // Milvus documents 65,536 bytes for a JSON value; 2.3.5 does not enforce it on import.
  { name: "json_65536_bytes", set: { js: big(65536) }, server: "accepts", ours: "accept" },
  { name: "json_65537_bytes", set: { js: big(65537) }, server: "accepts", ours: "refuse", says: /65537/ },
  // 2.3.5 imports a $meta key named like a field, then answers queries with it in place of the field.
  {
    name: "meta_shadows_field",
    set: { $meta: '{"s":"shadow"}' },
    server: "accepts",
    ours: "refuse",
    says: /'s'/,
  },
  // 2.3.5 keeps the last of repeated keys, silently.
  {
    name: "json_duplicate_key",
    set: { js: '{"a":1,"a":2}' },
    server: "accepts",
    ours: "refuse",
    says: /'a'/,
  },
  { name: "row_duplicate_key", set: {}, extra: `"i32":2`, server: "accepts", ours: "refuse", says: /'i32'/ },
];

interface ServerOutcome {
  failure: string | null;
  rows: Record<string, unknown>[];
}
const server = new Map<string, ServerOutcome>();
const files = new Map<string, string>();
let vectorLimit: { two: string | null };
let duplicatePk: { imported: number; segmentRows: number; queried: number };
let dupPkFiles: string[];

beforeAll(() => {
  const dir = caseDir("rules");
  for (const r of RULES) {
    const file = path.join(dir, `${r.name}.json`);
    fs.writeFileSync(file, fileText(r.set, r.extra));
    files.set(r.name, file);
  }
  dupPkFiles = ["a", "b"].map((n, i) => {
    const file = path.join(dir, `dup_pk_${n}.json`);
    const rows = [0, 1].map((k) => `{"id":${k + i},"vec":[${k},1],"i32":${k},"i64":1,"s":"${n}","js":{}}`);
    fs.writeFileSync(file, `{"rows":[${rows.join(",")}]}`);
    return file;
  });
  const out = milvusSnippet<{
    rules: Record<string, ServerOutcome>;
    vectors: { two: string | null };
    dupPk: typeof duplicatePk;
  }>(`
schema = json.loads(${JSON.stringify(JSON.stringify(SCHEMA))})
spec = {"schema": schema}
rules = {}
for name, file in json.loads(${JSON.stringify(JSON.stringify(RULES.map((r) => [r.name, files.get(r.name)])))}):
    coll = create("rule_" + name, spec)
    imported, failure = import_all(coll.name, [[file]])
    rows = []
    if failure is None:
        coll.load()
        rows = coll.query("id >= 0", output_fields=["*"])
    utility.drop_collection(coll.name)
    size = lambda v: len(json.dumps(v, separators=(",", ":"), ensure_ascii=False).encode())
    rows = [{k: (size(v) if k == "js" and size(v) > 100 else v) for k, v in r.items() if k != "vec"} for r in rows]
    rules[name] = {"failure": failure, "rows": rows}
two = None
try:
    Collection("rule_two_vectors", CollectionSchema([FieldSchema("id", DataType.INT64, is_primary=True),
        FieldSchema("a", DataType.FLOAT_VECTOR, dim=2), FieldSchema("b", DataType.FLOAT_VECTOR, dim=2)]))
    utility.drop_collection("rule_two_vectors")
except Exception as e:
    two = str(e)
coll = create("rule_dup_pk", spec)
imported, failure = import_all(coll.name, [[f] for f in json.loads(${JSON.stringify(JSON.stringify(dupPkFiles))})])
coll.load()
segment_rows = sum(s.num_rows for s in utility.get_query_segment_info(coll.name))
queried = len(coll.query("id >= 0", output_fields=["id"]))
utility.drop_collection(coll.name)
print(json.dumps({"rules": rules, "vectors": {"two": two},
                  "dupPk": {"imported": imported, "segmentRows": segment_rows, "queried": queried}}))
`);
  for (const [name, o] of Object.entries(out.rules)) server.set(name, o);
  vectorLimit = out.vectors;
  duplicatePk = out.dupPk;
});
afterAll(() => dropCaseFiles("rules"));

/** Our validator on the same file read as a JSON source: undefined when accepted, else the error. */
async function validatorOn(file: string): Promise<string | undefined> {
  const w = new LocalBulkWriter({
    schema: SCHEMA,
    localPath: path.join(path.dirname(file), "out"),
    fileType: "json",
  });
  try {
    await appendSource(w, readSource(file, { schema: SCHEMA }));
    await w.commit();
    return undefined;
  } catch (e) {
    if (!(e instanceof DataValidationError)) throw e;
    return e.message;
  }
}

describe.each(RULES.map((r) => [r.name, r] as const))("%s", (name, rule) => {
  it(
    rule.server === "accepts"
      ? `Milvus 2.3.5 accepts it; our engine and validator ${rule.ours} it`
      : `Milvus 2.3.5 refuses it, and so do our engine and validator`,
    async () => {
      const s = server.get(name)!;
      if (rule.server === "accepts") expect(s.failure).toBeNull();
      else expect(s.failure).toMatch(rule.server);
      const engine = await importIntoEngine(SCHEMA, [[files.get(name)!]]);
      const validator = await validatorOn(files.get(name)!);
      if (rule.ours === "accept") {
        expect(engine.reason).toBeUndefined();
        expect(engine.rows).toBe(1n);
        expect(validator).toBeUndefined();
      } else {
        expect(engine.state).toBe("Failed");
        expect(engine.reason).toContain(`${name}.json`);
        expect(engine.reason).toMatch(rule.says!);
        expect(validator).toContain(`${name}.json`);
        expect(validator).toMatch(rule.says!);
      }
    },
  );
});

it("what 2.3.5 stores where it accepts: the $meta value can shadow the field, the last repeated key wins", () => {
  // The row is stored; which `s` a query answers with varies between runs (the field's "a" or the
  // $meta "shadow": both were seen), so neither is a value a reader can rely on.
  const shadowed = server.get("meta_shadows_field")!.rows;
  expect(shadowed).toEqual([expect.objectContaining({ id: 1 })]);
  expect(["a", "shadow"]).toContain(shadowed[0].s);
  expect(server.get("json_duplicate_key")!.rows[0].js).toEqual({ a: 2 });
  expect(server.get("row_duplicate_key")!.rows[0].i32).toBe(2);
  expect(server.get("json_65537_bytes")!.rows[0].js).toBe(65537);
});

it("vector fields: 2.3.5 allows one; our engine refuses a 5th like a default 2.4+ server (4)", async () => {
  expect(vectorLimit.two).toMatch(/multiple vector fields is not supported/);
  const vectors = (n: number) =>
    normalizeSchema({
      fields: [
        { name: "id", dataType: "INT64", isPrimary: true },
        ...Array.from({ length: n }, (_, i) => ({ name: `v${i}`, dataType: "FLOAT_VECTOR", dim: 2 })),
      ],
    });
  const dir = caseDir("rules_vectors");
  const four = path.join(dir, "four.json");
  fs.writeFileSync(four, `{"rows":[{"id":1,"v0":[1,2],"v1":[1,2],"v2":[1,2],"v3":[1,2]}]}`);
  expect((await importIntoEngine(vectors(4), [[four]])).state).toBe("Completed");
  await expect(importIntoEngine(vectors(5), [[four]])).rejects.toThrow(
    /maximum vector field's number should be limited to 4/,
  );
  dropCaseFiles("rules_vectors");
});

it("duplicate primary keys: 2.3.5 stores every copy silently; our writer warns with the count and keys, or refuses", async () => {
  expect(duplicatePk).toEqual({ imported: 4, segmentRows: 4, queried: 3 });
  const write = async (onDuplicatePk?: "error" | "warn") => {
    const w = new LocalBulkWriter({
      schema: SCHEMA,
      localPath: path.join(path.dirname(dupPkFiles[0]), `out-${onDuplicatePk}`),
      fileType: "parquet",
      onDuplicatePk,
    });
    for (const f of dupPkFiles) await appendSource(w, readSource(f, { schema: SCHEMA }));
    return w.commit();
  };
  expect((await write()).duplicatePrimaryKeys).toEqual({ count: 1, first: ["1"] });
  expect((await write("warn")).totalRows).toBe(4);
  await expect(write("error")).rejects.toThrow(
    /1 invalid value:\n.*id: expected unique primary keys.*got 1 more than once/,
  );
  expect(fs.readdirSync(path.join(path.dirname(dupPkFiles[0]), "out-error"))).toEqual([]);
});
