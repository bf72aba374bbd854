import { Field, Float32, List, makeVector, Table, Uint8, vectorFromArray } from "apache-arrow";
import { DEFAULT_READER_OPTIONS, type ReaderOptions } from "../../../provider/engine/batch";
import { FileFormatError, ProblemList } from "../../../provider/engine/errors";
import { readCsvFile } from "../../../provider/engine/readers/csv";
import { readJsonFile, readJsonlFile } from "../../../provider/engine/readers/json";
import { readNumpyGroup } from "../../../provider/engine/readers/numpy";
import { readParquetFile } from "../../../provider/engine/readers/parquet";
import type { CollectionSchema } from "../../../provider/schema/types";
import { npy, npyStrings, parquetOf, SCHEMA, tableFromArrays } from "./helpers";

function ctx(schema: CollectionSchema = SCHEMA, options: Partial<ReaderOptions> = {}) {
  return {
    schema,
    file: "f",
    problems: new ProblemList(),
    options: { ...DEFAULT_READER_OPTIONS, ...options },
  };
}
const msgs = (c: ReturnType<typeof ctx>) => c.problems.items.map((p) => `${p.row}:${p.field}:${p.message}`);

const STATIC: CollectionSchema = { ...SCHEMA, enableDynamicField: false };

describe("JSON reader", () => {
  it("accepts {rows:[...]} (case-insensitive key) and a bare list; applies null/default; merges $meta", () => {
    const c = ctx();
    const b = readJsonFile(
      Buffer.from(
        '{"ROWS": [{"id": 1, "vec": [1,2,3,4], "title": "a", "n": null, "x": 1, "$meta": "{\\"y\\": 2}"},' +
          '{"id": 2, "vec": [1,2,3,4], "title": "b", "n": 7, "score": null}]}',
      ),
      c,
    );
    expect(msgs(c)).toEqual([]);
    expect(b.rowCount).toBe(2);
    expect(b.columns.get("n")).toEqual([null, 7]);
    expect(b.columns.get("score")).toEqual([0.5, 0.5]);
    expect(b.columns.get("id")).toEqual([1n, 2n]);
    expect(b.columns.get("$meta")).toEqual(['{"y":2,"x":1}', "{}"]);
    const list = readJsonFile(Buffer.from('[{"id": 3, "vec": [0,0,0,0], "title": "c"}]'), ctx());
    expect(list.rowCount).toBe(1);
  });

  it("rejects a wrong root key, a non-JSON start and a missing required field", () => {
    expect(() => readJsonFile(Buffer.from('{"data": []}'), ctx())).toThrow(
      new FileFormatError("invalid JSON format, the root key should be 'rows', but get 'data'"),
    );
    expect(() => readJsonFile(Buffer.from("id,vec"), ctx())).toThrow(
      "the content should be started with '{' or '['",
    );
    const c = ctx();
    readJsonFile(Buffer.from('[{"id": 1, "title": "a"}]'), c);
    expect(msgs(c)).toEqual(["1:vec:value of field 'vec' is missed"]);
  });

  it("applies exact number rules, ranges, UTF-8 byte length, JSON-field shape and dynamic duplicates", () => {
    const schema: CollectionSchema = {
      enableDynamicField: true,
      fields: [
        { name: "id", dataType: "INT64", isPrimary: true },
        { name: "i8", dataType: "INT8" },
        { name: "s", dataType: "VARCHAR", maxLength: 3 },
        { name: "j", dataType: "JSON" },
        { name: "v", dataType: "FLOAT16_VECTOR", dim: 2 },
        { name: "a", dataType: "ARRAY", elementType: "INT32", maxCapacity: 2 },
        { name: "sp", dataType: "SPARSE_FLOAT_VECTOR" },
      ],
    };
    const c = ctx(schema);
    const rows = [
      { id: 1, i8: 1.0, s: "abc", j: { k: 1 }, v: [0.5, 1], a: [1], sp: { "3": 0.5, "1": 0.25 } },
      {
        id: 2,
        i8: 128,
        s: "héé",
        j: [1, 2],
        v: [1, 2, 3, 4],
        a: [1, 2, 3],
        sp: { indices: [1], values: [-1] },
      },
      {
        id: 3,
        i8: 1,
        s: "ok",
        j: '{"x": 12345678901234567890}',
        v: [1, 2],
        a: ["x"],
        sp: {},
        k: 1,
        $meta: { k: 2 },
      },
    ];
    const b = readJsonFile(Buffer.from(JSON.stringify(rows).replace('"i8":1,', '"i8":1.0,')), c);
    expect(b.rowCount).toBe(0);
    expect(msgs(c)).toEqual([
      "1:i8:expected type 'Int8' for field 'i8', got type 'float' with value '1.0'",
      "2:i8:value 128 out of range for field 'i8' of type 'Int8'",
      "2:s:value length(5) for field s exceeds max_length(3)",
      "2:j:expected type 'JSON' for field 'j', got type 'list' with value '[1,2]'",
      "2:v:expected dim '2' for field 'v' with type 'Float16Vector', got dim '4'",
      "2:a:array capacity(3) for field a exceeds max_capacity(2)",
      "2:sp:invalid value in sparse float vector: -1, must be a non-negative number, field 'sp'",
      "3:a:expected element type 'Int32' in array field 'a', got type 'string'",
      "3:k:duplicated key is not allowed, key=k",
    ]);
    const ok = ctx(schema);
    const good = readJsonFile(
      Buffer.from(
        '[{"id": 1, "i8": -128, "s": "abc", "j": "{\\"x\\": 12345678901234567890}", "v": [0.5, 1], "a": [], "sp": {"3": 0.5, "1": 0.25}}]',
      ),
      ok,
    );
    expect(msgs(ok)).toEqual([]);
    expect(good.columns.get("j")).toEqual(['{"x":12345678901234567890}']);
    expect(good.columns.get("sp")).toEqual([{ indices: [1, 3], values: [0.25, 0.5] }]);
  });

  it("rejects keys outside the schema when the dynamic field is off (or ignores them when asked)", () => {
    const c = ctx(STATIC);
    readJsonFile(Buffer.from('[{"id": 1, "vec": [1,2,3,4], "title": "a", "extra": 1, "$meta": {}}]'), c);
    expect(msgs(c)).toEqual([
      "1:extra:the field 'extra' is not defined in schema",
      "1:$meta:the field '$meta' is not defined in schema",
    ]);
    const lax = ctx(STATIC, { extraFields: "ignore" });
    expect(
      readJsonFile(Buffer.from('[{"id": 1, "vec": [1,2,3,4], "title": "a", "extra": 1}]'), lax).rowCount,
    ).toBe(1);
  });

  it("reads JSON Lines, reporting the line of a bad row", () => {
    const c = ctx();
    const b = readJsonlFile(
      Buffer.from('{"id": 1, "vec": [1,2,3,4], "title": "a"}\n\n{"id": 2, "vec": [1,2,3,4]\n'),
      c,
    );
    expect(b.rowCount).toBe(1);
    expect(msgs(c)[0]).toMatch(/^3:undefined:failed to parse JSON line/);
  });
});

describe("JSON Lines from bytes", () => {
  it("decodes line by line, reporting invalid UTF-8 on its line and accepting CRLF", () => {
    const c = ctx();
    const good = Buffer.from('{"id": 1, "vec": [1,2,3,4], "title": "a"}\r\n');
    const bad = Buffer.concat([
      Buffer.from('{"id": 2, "vec": [1,2,3,4], "title": "'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}\n'),
    ]);
    const b = readJsonlFile(Buffer.concat([good, bad, good]), c);
    expect(b.rowCount).toBe(2);
    expect(msgs(c)).toEqual(["2:undefined:line is not valid UTF-8"]);
  });
});

describe("CSV reader", () => {
  it("parses cells by type, nullkey, quoted JSON vectors and extra columns into $meta as strings", () => {
    const c = ctx(SCHEMA, { csvSep: "|", csvNullKey: "NULL" });
    const text = 'id|vec|title|n|score|color\n1|[1,2,3,4]|"a|b"|NULL|NULL|red\n2|"[1, 2, 3, 4]"|x|5|1e-1|7\n';
    const b = readCsvFile(Buffer.from(text), c);
    expect(msgs(c)).toEqual([]);
    expect(b.columns.get("title")).toEqual(["a|b", "x"]);
    expect(b.columns.get("n")).toEqual([null, 5]);
    expect(b.columns.get("score")).toEqual([0.5, Math.fround(0.1)]);
    expect(b.columns.get("$meta")).toEqual(['{"color":"red"}', '{"color":"7"}']);
  });

  it("rejects missing header fields, bad cells, NaN, wrong field counts and bad separators", () => {
    expect(() => readCsvFile(Buffer.from("id,title\n1,a\n"), ctx())).toThrow(
      "value of field is missed: 'vec'",
    );
    const c = ctx();
    readCsvFile(
      Buffer.from('id,vec,title,n\nx,"[1,2,3,4]",a,1\n2,"[1,2,3,4]",a\n3,"[1,2,3,4]",a,NaN\n4,"[1,2]",a,1\n'),
      c,
    );
    expect(msgs(c)).toEqual([
      "1:id:expected type 'Int64' for field 'id', got type 'string' with value 'x'",
      "2:undefined:the number of fields in the row is not equal to the header (line 3: 3 vs 4)",
      "3:n:expected type 'Int32' for field 'n', got type 'string' with value 'NaN'",
      "4:vec:expected dim '4' for field 'vec' with type 'FloatVector', got dim '2'",
    ]);
    expect(() => readCsvFile(Buffer.from("id\n"), ctx(SCHEMA, { csvSep: '"' }))).toThrow(
      'unsupported csv separator: "\\""',
    );
    expect(() => readCsvFile(Buffer.from('id,vec\n1,a"b\n'), ctx())).toThrow('bare " in non-quoted-field');
  });

  it("rejects an auto-id primary key column", () => {
    const schema: CollectionSchema = {
      fields: [
        { name: "id", dataType: "INT64", isPrimary: true, autoId: true },
        { name: "v", dataType: "FLOAT_VECTOR", dim: 2 },
      ],
    };
    expect(() => readCsvFile(Buffer.from('id,v\n1,"[1,2]"\n'), ctx(schema))).toThrow(
      "the primary key 'id' is auto-generated, no need to provide",
    );
  });
});

describe("NumPy reader", () => {
  const ids = npy("<i8", [2], new BigInt64Array([1n, 2n]));
  const vec = npy("<f4", [2, 4], new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]));
  const title = npyStrings(["hé", "b"]);

  it("reads a per-field group with $meta", () => {
    const meta = npyStrings(['{"k": 1}', "{}"]);
    const b = readNumpyGroup(
      [
        { key: "1/id.npy", buf: ids },
        { key: "1/vec.npy", buf: vec },
        { key: "1/title.npy", buf: title },
        { key: "1/$meta.npy", buf: meta },
      ],
      ctx(),
    );
    expect(b.rowCount).toBe(2);
    expect(b.columns.get("title")).toEqual(["hé", "b"]);
    expect(b.columns.get("vec")?.[1]).toEqual(Float32Array.from([5, 6, 7, 8]));
    expect(b.columns.get("score")).toEqual([0.5, 0.5]);
    expect(b.columns.get("$meta")).toEqual(['{"k":1}', "{}"]);
  });

  it("rejects an <i8 file for an INT32 field, wrong dims and shapes, missing files, |O and row-count mismatch", () => {
    const n64 = npy("<i8", [2], new BigInt64Array([1n, 2n]));
    const g = (extra: { key: string; buf: Buffer }[]) => [
      { key: "id.npy", buf: ids },
      { key: "title.npy", buf: title },
      ...extra,
    ];
    expect(() =>
      readNumpyGroup(
        g([
          { key: "vec.npy", buf: vec },
          { key: "n.npy", buf: n64 },
        ]),
        ctx(),
      ),
    ).toThrow("expected element type 'Int32' for field 'n', got type '<i8'");
    expect(() =>
      readNumpyGroup(g([{ key: "vec.npy", buf: npy("<f4", [2, 2], new Float32Array(4)) }]), ctx()),
    ).toThrow("expected dim '4' for FloatVector field 'vec', got dim '2'");
    expect(() =>
      readNumpyGroup(g([{ key: "vec.npy", buf: npy("<f4", [8], new Float32Array(8)) }]), ctx()),
    ).toThrow("expected shape '2' for FloatVector field 'vec', got shape '1'");
    expect(() => readNumpyGroup(g([]), ctx())).toThrow("no file for field: vec, files: [id.npy title.npy]");
    expect(() =>
      readNumpyGroup(g([{ key: "vec.npy", buf: npy("|O", [2, 4], Buffer.alloc(0)) }]), ctx()),
    ).toThrow("the numpy file dtype '|O' is not supported");
    expect(() =>
      readNumpyGroup(g([{ key: "vec.npy", buf: npy("<f4", [1, 4], new Float32Array(4)) }]), ctx()),
    ).toThrow("numpy row count mismatch");
  });

  it("refuses collections with a required ARRAY field", () => {
    const schema: CollectionSchema = {
      fields: [...SCHEMA.fields, { name: "arr", dataType: "ARRAY", elementType: "INT32", maxCapacity: 4 }],
    };
    expect(() => readNumpyGroup([{ key: "id.npy", buf: ids }], ctx(schema))).toThrow(
      "unsupported importing numpy files for collection with data type: Array",
    );
  });
});

describe("Parquet reader", () => {
  const vecColumn = (rows: number[][]) =>
    vectorFromArray(
      rows.map((r) => Float32Array.from(r)),
      new List(new Field("element", new Float32(), true)),
    );

  it("reads arrow types Milvus accepts, fills absent nullable/default columns", () => {
    const table = new Table({
      id: makeVector(BigInt64Array.from([1n, 2n])),
      vec: vecColumn([
        [1, 2, 3, 4],
        [5, 6, 7, 8],
      ]),
      title: vectorFromArray(["a", "é"]),
      $meta: vectorFromArray(['{"k": 1}', null]),
    });
    const c = ctx();
    const b = readParquetFile(parquetOf(table), c);
    expect(msgs(c)).toEqual([]);
    expect(b.rowCount).toBe(2);
    expect(b.columns.get("id")).toEqual([1n, 2n]);
    expect(b.columns.get("vec")).toEqual([Float32Array.from([1, 2, 3, 4]), Float32Array.from([5, 6, 7, 8])]);
    expect(b.columns.get("n")).toEqual([null, null]);
    expect(b.columns.get("score")).toEqual([0.5, 0.5]);
    expect(b.columns.get("$meta")).toEqual(['{"k":1}', "{}"]);
  });

  it("rejects type mismatches, missing and extra columns, nulls in required fields and bad dims", () => {
    const wrong = tableFromArrays({
      id: BigInt64Array.from([1n]),
      title: ["a"],
      n: BigInt64Array.from([1n]),
      extra: Int32Array.from([1]),
    });
    expect(() => readParquetFile(parquetOf(wrong), ctx(STATIC))).toThrow(
      "no parquet field for milvus field 'vec'; schema not equal, err=field 'n' type mis-match, milvus data type 'Int32', arrow data type get 'Int64'; the field: extra is not in schema, if it's a dynamic field, please reformat data by bulk_writer",
    );
    const table = new Table({
      id: makeVector(BigInt64Array.from([1n, 2n])),
      vec: vecColumn([
        [1, 2, 3],
        [5, 6, 7, 8],
      ]),
      title: vectorFromArray([null, "b"]),
    });
    const c = ctx();
    readParquetFile(parquetOf(table), c);
    expect(msgs(c)).toEqual([
      "1:vec:expected dim '4' for field 'vec' with type 'FloatVector', got dim '3'",
      "1:title:the field 'title' is not nullable but the file contains null value",
    ]);
  });
});

describe("Parquet vector lists", () => {
  it("rejects null elements inside a vector and a null vector in a required field", () => {
    const withNullElement = new Table({
      id: makeVector(BigInt64Array.from([1n, 2n])),
      vec: vectorFromArray([[1, 2, 3, 4], null], new List(new Field("element", new Float32(), true))),
      title: vectorFromArray(["a", "b"]),
    });
    const c = ctx();
    readParquetFile(parquetOf(withNullElement), c);
    expect(msgs(c)).toEqual(["2:vec:the field 'vec' is not nullable but the file contains null value"]);
    const inner = new Table({
      id: makeVector(BigInt64Array.from([1n])),
      vec: vectorFromArray([[1, null, 3, 4]], new List(new Field("element", new Float32(), true))),
      title: vectorFromArray(["a"]),
    });
    const c2 = ctx();
    readParquetFile(parquetOf(inner), c2);
    expect(msgs(c2)).toEqual(["1:vec:array element is not allowed to be null value for field 'vec'"]);
  });
});

describe("half-precision vectors from bytes", () => {
  const schema: CollectionSchema = {
    fields: [
      { name: "id", dataType: "INT64", isPrimary: true },
      { name: "h", dataType: "FLOAT16_VECTOR", dim: 2 },
      { name: "b", dataType: "BFLOAT16_VECTOR", dim: 2 },
    ],
  };
  const fp16 = [0x00, 0x3c, 0x00, 0xc0]; // 1.0, -2.0
  const bf16 = [0x80, 0x3f, 0x00, 0xc0]; // 1.0, -2.0

  it("decodes NumPy |u1 (N, 2·dim) arrays", () => {
    const b = readNumpyGroup(
      [
        { key: "id.npy", buf: npy("<i8", [1], new BigInt64Array([7n])) },
        { key: "h.npy", buf: npy("|u1", [1, 4], Uint8Array.from(fp16)) },
        { key: "b.npy", buf: npy("|u1", [1, 4], Uint8Array.from(bf16)) },
      ],
      ctx(schema),
    );
    expect(b.columns.get("h")).toEqual([Float32Array.from([1, -2])]);
    expect(b.columns.get("b")).toEqual([Float32Array.from([1, -2])]);
  });

  it("decodes Parquet list<uint8> and rejects a wrong byte count", () => {
    const bytes = (rows: number[][]) =>
      vectorFromArray(
        rows.map((r) => Uint8Array.from(r)),
        new List(new Field("element", new Uint8(), true)),
      );
    const table = new Table({
      id: makeVector(BigInt64Array.from([1n, 2n])),
      h: bytes([fp16, [0, 0x3c]]),
      b: bytes([bf16, bf16]),
    });
    const c = ctx(schema);
    const out = readParquetFile(parquetOf(table), c);
    expect(out.columns.get("h")).toEqual([Float32Array.from([1, -2])]);
    expect(out.columns.get("b")).toEqual([Float32Array.from([1, -2])]);
    expect(msgs(c)).toEqual([
      "2:h:length of vector is not aligned: expected 4 but got 2, data type: Float16Vector",
    ]);
  });
});
