/**
 * The writer benchmark's rows: synthetic medium_articles (INT64 id, 768-d FLOAT_VECTOR, 3 VARCHAR ≤ 512,
 * 4 INT64), deterministic, as columns (our columnar API) or row objects (pymilvus / the Node SDK style).
 */
import { normalizeSchema } from "../../provider/schema";

export const DIM = 768;

/** medium_articles' columns at any vector dimension (the scale benchmark uses a smaller one). */
export function articleFields(dim: number) {
  return [
    { name: "id", dataType: "INT64", isPrimary: true },
    { name: "title_vector", dataType: "FLOAT_VECTOR", dim },
    { name: "title", dataType: "VARCHAR", maxLength: 512 },
    { name: "link", dataType: "VARCHAR", maxLength: 512 },
    { name: "publication", dataType: "VARCHAR", maxLength: 512 },
    { name: "reading_time", dataType: "INT64" },
    { name: "claps", dataType: "INT64" },
    { name: "responses", dataType: "INT64" },
  ];
}

export const schema = normalizeSchema({
  fields: [...articleFields(DIM), { name: "extra_int", dataType: "INT64" }],
});

/** xorshift32: deterministic, fast. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

export interface Columns {
  [k: string]: ArrayLike<unknown>;
}

export function makeColumns(start: number, n: number, seed: number): Columns {
  const r = rng(seed + start);
  const vec = new Float32Array(n * DIM);
  for (let i = 0; i < vec.length; i++) vec[i] = r() * 2 - 1;
  const ids = new BigInt64Array(n);
  const title: string[] = [];
  const link: string[] = [];
  const pub: string[] = [];
  const rt = new BigInt64Array(n);
  const claps = new BigInt64Array(n);
  const resp = new BigInt64Array(n);
  const extra = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    const g = start + i;
    ids[i] = BigInt(g);
    title.push("t".repeat(20 + (g % 180)));
    link.push(`https://medium.com/p/${g}`);
    pub.push("The Startup");
    rt[i] = BigInt(g % 30);
    claps[i] = BigInt(g * 7);
    resp[i] = BigInt(g % 50);
    extra[i] = BigInt(g);
  }
  return {
    id: ids,
    title_vector: vec,
    title,
    link,
    publication: pub,
    reading_time: rt,
    claps,
    responses: resp,
    extra_int: extra,
  };
}

/** Row i of the columns as a plain object: numbers, a number[] vector (what row-based writers take). */
export function rowObject(c: Columns, i: number): Record<string, unknown> {
  const vec = c.title_vector as Float32Array;
  return {
    id: Number((c.id as BigInt64Array)[i]),
    title_vector: Array.from(vec.subarray(i * DIM, (i + 1) * DIM)),
    title: (c.title as string[])[i],
    link: (c.link as string[])[i],
    publication: (c.publication as string[])[i],
    reading_time: Number((c.reading_time as BigInt64Array)[i]),
    claps: Number((c.claps as BigInt64Array)[i]),
    responses: Number((c.responses as BigInt64Array)[i]),
    extra_int: Number((c.extra_int as BigInt64Array)[i]),
  };
}
