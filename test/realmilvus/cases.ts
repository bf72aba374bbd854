/**
 * The realmilvus value cases: schemas and rows for every type Milvus 2.3 has, in the shapes the issue
 * names. Rows are deterministic (seeded) so a failure reproduces.
 */
import type { CaseInput, Format, Row } from "./harness";
import { random } from "./harness";

export const MEDIUM_ROWS = 20_000;

type CaseDef = Omit<CaseInput, "name" | "format">;

interface CaseEntry {
  make: () => CaseDef;
  /** Default: every format. */
  formats?: Format[];
  /** Formats in which the server refuses pymilvus 2.3.7's files for these rows, and why. */
  pymilvusRefused?: Partial<Record<Format, RegExp>>;
}

function floatVector(rnd: () => number, dim: number): Float32Array {
  const v = new Float32Array(dim);
  for (let i = 0; i < dim; i++) v[i] = rnd() * 2 - 1;
  return v;
}

/** The seed tutorial's medium_articles collection: INT64 id, 768-d vector, 3 VARCHAR ≤512, INT64s. */
function medium(): CaseDef {
  const rnd = random(768);
  const words = ["Milvus", "vector", "naïve", "日本語", "search", "Ünïcödé", "😀", "import", "data"];
  const rows: Row[] = [];
  for (let i = 0; i < MEDIUM_ROWS; i++) {
    const title = Array.from({ length: 3 + (i % 9) }, (_, k) => words[(i * 7 + k * 3) % words.length]);
    rows.push({
      id: BigInt(i) * 7919n + 1n,
      title_vector: floatVector(rnd, 768),
      title: title.join(" "),
      link: `https://medium.com/p/${i.toString(36)}-${title[0].toLowerCase()}`,
      publication: ["The Startup", "Towards Data Science", "Better Humans", ""][i % 4],
      reading_time: BigInt(i % 40),
      claps: BigInt(Math.floor(rnd() * 100_000)),
      responses: BigInt(i % 17),
    });
  }
  return {
    schema: {
      fields: [
        { name: "id", dataType: "INT64", isPrimary: true },
        { name: "title_vector", dataType: "FLOAT_VECTOR", dim: 768 },
        { name: "title", dataType: "VARCHAR", maxLength: 512 },
        { name: "link", dataType: "VARCHAR", maxLength: 512 },
        { name: "publication", dataType: "VARCHAR", maxLength: 512 },
        { name: "reading_time", dataType: "INT64" },
        { name: "claps", dataType: "INT64" },
        { name: "responses", dataType: "INT64" },
      ],
    },
    rows,
  };
}

/** Strings of exactly 12 UTF-8 bytes in 1-, 2-, 3- and 4-byte characters, and other hard text. */
export const VARCHAR_MAX = 12;
const TEXT = [
  "a".repeat(12),
  "é".repeat(6),
  "日本語日",
  "😀😀😀",
  "ab😀é日",
  "",
  'q"uote\\back',
  "tab\tnl\ncr\r",
  "\u007f\u0080\u07ff",
  "\ufeffbom",
];

const JSONS: unknown[] = [
  { a: 1, b: [1, 2, { c: "d" }], e: { f: { g: { h: null } } } },
  { ключ: "значение", 日本: ["語", "😀"], emoji: "👩‍👩‍👧" },
  { big: 9007199254740993n, neg: -9223372036854775808n, f: 0.1, e: 1e-300, t: true, z: false },
  { esc: 'q"\\/\b\f\n\r\t', ctl: "\u0001\u001f", empty: {}, list: [] },
  [1, "two", { three: 3 }],
  42,
  // A string given for a JSON field is JSON text (pymilvus's rule too): these hold a string and an object.
  '"plain string"',
  '{"from":"text","n":[1.5,-2]}',
  { deep: [[[[[[[["deep"]]]]]]]] },
];

/** One field of every scalar type Milvus 2.3 has (and the vector a collection needs). */
function scalars(): CaseDef {
  const rnd = random(9);
  const f32 = [0, -0, 1.5, 3.4028234663852886e38, -3.4028234663852886e38, 1e-45, 1.1754943508222875e-38, 0.1];
  const f64 = [0, 5e-324, 1.7976931348623157e308, -2.5, 0.1, 1 / 3, 123456789.12345679];
  const rows: Row[] = [];
  for (let i = 0; i < 240; i++) {
    rows.push({
      id: BigInt(i) - 9223372036854775808n + (i % 2 === 0 ? 0n : 18446744073709551614n - BigInt(2 * i)),
      vec: floatVector(rnd, 8),
      b: i % 3 === 0,
      i8: [-128, 127, 0, -1][i % 4],
      i16: [-32768, 32767, 1234][i % 3],
      i32: [-2147483648, 2147483647, 7][i % 3],
      i64: [-9223372036854775808n, 9223372036854775807n, 9007199254740993n, 0n][i % 4],
      f: f32[i % f32.length],
      d: f64[i % f64.length],
      vc: TEXT[i % TEXT.length],
      js: JSONS[i % JSONS.length],
    });
  }
  return {
    schema: {
      fields: [
        { name: "id", dataType: "INT64", isPrimary: true },
        { name: "vec", dataType: "FLOAT_VECTOR", dim: 8 },
        { name: "b", dataType: "BOOL" },
        { name: "i8", dataType: "INT8" },
        { name: "i16", dataType: "INT16" },
        { name: "i32", dataType: "INT32" },
        { name: "i64", dataType: "INT64" },
        { name: "f", dataType: "FLOAT" },
        { name: "d", dataType: "DOUBLE" },
        { name: "vc", dataType: "VARCHAR", maxLength: VARCHAR_MAX },
        { name: "js", dataType: "JSON" },
      ],
    },
    rows,
  };
}

function binary(): CaseDef {
  const rnd = random(128);
  const rows: Row[] = [];
  for (let i = 0; i < 2000; i++) {
    const bv = new Uint8Array(16);
    for (let k = 0; k < 16; k++) bv[k] = Math.floor(rnd() * 256);
    if (i === 0) bv.fill(0);
    if (i === 1) bv.fill(255);
    rows.push({ id: BigInt(i), bv, tag: `t${i % 13}` });
  }
  return {
    schema: {
      fields: [
        { name: "id", dataType: "INT64", isPrimary: true },
        { name: "bv", dataType: "BINARY_VECTOR", dim: 128 },
        { name: "tag", dataType: "VARCHAR", maxLength: 8 },
      ],
    },
    rows,
  };
}

function arrays(): CaseDef {
  const rnd = random(4);
  const rows: Row[] = [];
  for (let i = 0; i < 300; i++) {
    const n = i % 6;
    rows.push({
      id: BigInt(i),
      vec: floatVector(rnd, 4),
      ai: Array.from({ length: n }, (_, k) =>
        k % 2 ? -9223372036854775808n : 9007199254740993n + BigInt(k * i),
      ),
      as: Array.from({ length: Math.min(n, 4) }, (_, k) => ["", "é", "日本語", "😀x", "a,b"][(i + k) % 5]),
      af: Array.from({ length: n }, (_, k) => [0.1, -0, 1e-45, 3.4028234663852886e38, i / 7][(i + k) % 5]),
    });
  }
  return {
    schema: {
      fields: [
        { name: "id", dataType: "INT64", isPrimary: true },
        { name: "vec", dataType: "FLOAT_VECTOR", dim: 4 },
        { name: "ai", dataType: "ARRAY", elementType: "INT64", maxCapacity: 5 },
        { name: "as", dataType: "ARRAY", elementType: "VARCHAR", maxCapacity: 4, maxLength: 9 },
        { name: "af", dataType: "ARRAY", elementType: "FLOAT", maxCapacity: 5 },
      ],
    },
    rows,
  };
}

function dynamic(): CaseDef {
  const rnd = random(5);
  const rows: Row[] = [];
  for (let i = 0; i < 300; i++) {
    const row: Row = { id: BigInt(i), vec: floatVector(rnd, 4), name: `n${i}` };
    if (i % 2 === 0) row.color = ["red", "grün", "青"][i % 3];
    if (i % 3 === 0) row.count = i;
    if (i % 5 === 0) row.nested = { a: [i, { b: "ü" }], big: 9007199254740993n };
    if (i % 7 === 0) row["ключ"] = i / 4;
    rows.push(row);
  }
  return {
    schema: {
      enableDynamicField: true,
      fields: [
        { name: "id", dataType: "INT64", isPrimary: true },
        { name: "vec", dataType: "FLOAT_VECTOR", dim: 4 },
        { name: "name", dataType: "VARCHAR", maxLength: 16 },
      ],
    },
    rows,
  };
}

function autoId(): CaseDef {
  const rnd = random(6);
  const rows: Row[] = [];
  for (let i = 0; i < 500; i++) rows.push({ vec: floatVector(rnd, 16), seq: BigInt(i) * 3n, label: `r${i}` });
  return {
    schema: {
      fields: [
        { name: "pk", dataType: "INT64", isPrimary: true, autoId: true },
        { name: "vec", dataType: "FLOAT_VECTOR", dim: 16 },
        { name: "seq", dataType: "INT64" },
        { name: "label", dataType: "VARCHAR", maxLength: 16 },
      ],
    },
    rows,
    matchBy: "seq",
  };
}

function varcharPk(): CaseDef {
  const rnd = random(7);
  const rows: Row[] = [];
  for (let i = 0; i < 500; i++) {
    rows.push({
      key: [`doc-${i}`, `日本-${i}`, `😀${i}`, `${"ü".repeat(20)}${i}`][i % 4],
      vec: floatVector(rnd, 16),
      n: i,
    });
  }
  return {
    schema: {
      fields: [
        { name: "key", dataType: "VARCHAR", maxLength: 64, isPrimary: true },
        { name: "vec", dataType: "FLOAT_VECTOR", dim: 16 },
        { name: "n", dataType: "INT32" },
      ],
    },
    rows,
  };
}

function partitionKey(): CaseDef {
  const rnd = random(8);
  const tenants = ["acme", "globex", "initech", "umbrella", "stark", "wayne", "ü-corp", "日本"];
  const rows: Row[] = [];
  for (let i = 0; i < 800; i++) {
    rows.push({ id: BigInt(i), vec: floatVector(rnd, 8), tenant: tenants[(i * 5) % tenants.length], n: i });
  }
  return {
    schema: {
      fields: [
        { name: "id", dataType: "INT64", isPrimary: true },
        { name: "vec", dataType: "FLOAT_VECTOR", dim: 8 },
        { name: "tenant", dataType: "VARCHAR", maxLength: 16, isPartitionKey: true },
        { name: "n", dataType: "INT64" },
      ],
    },
    rows,
    numPartitions: 8,
  };
}

/** Several files (segments) from one writer: every row stored once. */
function segments(): CaseDef {
  const rnd = random(10);
  const rows: Row[] = [];
  for (let i = 0; i < 6000; i++) rows.push({ id: BigInt(i), vec: floatVector(rnd, 32), s: `s${i}` });
  return {
    schema: {
      fields: [
        { name: "id", dataType: "INT64", isPrimary: true },
        { name: "vec", dataType: "FLOAT_VECTOR", dim: 32 },
        { name: "s", dataType: "VARCHAR", maxLength: 8 },
      ],
    },
    rows,
    segmentSize: 256 * 1024,
    pymilvusChunkSize: 256 * 1024,
  };
}

export const CASES: Record<string, CaseEntry> = {
  medium: { make: medium },
  scalars: {
    make: scalars,
    // pymilvus 2.3.7 parses every JSON value and writes lists and numbers bare into JSON files,
    // which Milvus's JSON reader refuses; ours writes them as JSON text.
    pymilvusRefused: { json: /illegal value '\[1 two map\[three:3\]\]' for JSON type field 'js'/ },
  },
  binary: { make: binary },
  arrays: {
    make: arrays,
    // ARRAY cannot be imported from NumPy in any Milvus.
    formats: ["json", "parquet"],
    // pymilvus 2.3.7 lets pandas infer list<double> for ARRAY<FLOAT>; 2.3's Parquet reader wants
    // list<float> (what ours writes).
    pymilvusRefused: { parquet: /collection field dataType: Float, file field dataType:list/ },
  },
  dynamic: { make: dynamic },
  autoId: { make: autoId },
  varcharPk: { make: varcharPk },
  partitionKey: { make: partitionKey },
  segments: { make: segments },
};

export const caseName = (format: Format, key: string) => `${format}_${key}`;

/** The case keys that apply to a format (cheap: no rows are generated). */
export function caseKeys(format: Format, only?: string[]): string[] {
  return Object.entries(CASES)
    .filter(([key, c]) => (!only || only.includes(key)) && (!c.formats || c.formats.includes(format)))
    .map(([key]) => key);
}

export function pymilvusRefusal(format: Format, key: string): RegExp | undefined {
  return CASES[key].pymilvusRefused?.[format];
}

/** The case inputs for one format (rows generated here: call it outside jest for the big cases). */
export function casesFor(format: Format, only?: string[]): CaseInput[] {
  return caseKeys(format, only).map((key) => ({ ...CASES[key].make(), name: caseName(format, key), format }));
}
