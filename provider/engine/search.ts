/**
 * Exact nearest-neighbour search over scanned rows (what a FLAT index returns): L2 (squared, smaller is
 * closer, as Milvus reports it), IP and COSINE (larger is closer). Keeps a sorted top-k per query.
 */
import { denseTraits } from "../schema/traits";
import type { FieldSchema } from "../schema/types";
import { invalidParameter } from "./errors";
import type { DenseVector, StoredValue } from "./values";

export type Metric = "L2" | "IP" | "COSINE";

export interface Hit<R> {
  distance: number;
  row: R;
}

/** Vectors of one number per dim (not bit vectors, which need HAMMING/JACCARD). */
const searchable = (f: FieldSchema): boolean => denseTraits(f.dataType)?.dimsPerValue === 1;
/** Without annsField: the first float vector (float32 or half). */
const floatVector = (f: FieldSchema): boolean => {
  const type = denseTraits(f.dataType)?.element.type;
  return type === "float32" || type === "half";
};

export function searchField(fields: FieldSchema[], annsField?: string): FieldSchema {
  const vf = annsField ? fields.find((f) => f.name === annsField) : fields.find(floatVector);
  if (!vf || !searchable(vf)) {
    throw invalidParameter(`field ${annsField ?? "(float vector)"} is not a dense float vector field`);
  }
  return vf;
}

export function parseMetric(m: string): Metric {
  const metric = m.toUpperCase();
  if (metric !== "L2" && metric !== "IP" && metric !== "COSINE") {
    throw invalidParameter(`metric type ${metric} is not supported by brute-force search`);
  }
  return metric;
}

export function distance(metric: Metric, q: ArrayLike<number>, v: ArrayLike<number>): number {
  let dot = 0;
  let qq = 0;
  let vv = 0;
  let l2 = 0;
  for (let i = 0; i < q.length; i++) {
    const a = q[i];
    const b = v[i];
    dot += a * b;
    qq += a * a;
    vv += b * b;
    l2 += (a - b) * (a - b);
  }
  if (metric === "L2") return l2;
  if (metric === "IP") return dot;
  return qq === 0 || vv === 0 ? 0 : dot / Math.sqrt(qq * vv);
}

/** Top `limit` rows per query vector, closest first. */
export function topK<R>(
  rows: Iterable<R>,
  vectorOf: (row: R) => StoredValue | undefined,
  queries: number[][],
  metric: Metric,
  limit: number,
): Hit<R>[][] {
  const better = metric === "L2" ? (a: number, b: number) => a < b : (a: number, b: number) => a > b;
  const best: Hit<R>[][] = queries.map(() => []);
  for (const row of rows) {
    const v = vectorOf(row) as DenseVector | null | undefined;
    if (!v) continue;
    queries.forEach((q, qi) => {
      const d = distance(metric, q, v);
      const list = best[qi];
      if (list.length < limit || better(d, list[list.length - 1].distance)) {
        list.push({ distance: d, row });
        list.sort((a, b) => (better(a.distance, b.distance) ? -1 : better(b.distance, a.distance) ? 1 : 0));
        if (list.length > limit) list.pop();
      }
    });
  }
  return best;
}
