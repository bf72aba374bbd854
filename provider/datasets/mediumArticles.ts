/**
 * A deterministic stand-in for medium_articles_partial.csv, the sample data of Zilliz Cloud's
 * bulk-import tutorial (not downloadable here): the same 8 columns, header and cell shapes — `title_vector` is a quoted
 * "[0.041732933, …]" string of 768 unit-normalised floats — generated from a seed, so every run and
 * every machine produces byte-identical files.
 */
import fs from "node:fs";
import path from "node:path";

export const MEDIUM_ARTICLES_COLUMNS = [
  "id",
  "title",
  "link",
  "reading_time",
  "publication",
  "claps",
  "responses",
  "title_vector",
] as const;

export const MEDIUM_ARTICLES_DIM = 768;

const PUBLICATIONS = [
  "The Startup",
  "Towards Data Science",
  "The Writing Cooperative",
  "UX Collective",
  "Better Humans",
  "Data Driven Investor",
  "Great Escape",
];
const WORDS = (
  "vector search database embeddings learning model data science python guide startup growth design writing " +
  "machine neural network graph index cloud scale query latency memory product team remote work habits future"
).split(" ");

/** mulberry32: a tiny, well-distributed 32-bit PRNG; deterministic across platforms. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface MediumArticle {
  id: number;
  title: string;
  link: string;
  reading_time: number;
  publication: string;
  claps: number;
  responses: number;
  title_vector: Float32Array;
}

export function* mediumArticles(rows: number, seed = 42): Generator<MediumArticle> {
  const rnd = prng(seed);
  for (let id = 0; id < rows; id++) {
    const n = 4 + Math.floor(rnd() * 6);
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(rnd() * WORDS.length)]);
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    const title = `${words.join(" ")}${rnd() < 0.2 ? ", explained" : ""}`;
    const slug = `${words.join("-").toLowerCase()}-${(id * 2654435761) % 0xffffffff}`.replace(
      /[^a-z0-9-]/g,
      "",
    );
    const vec = new Float32Array(MEDIUM_ARTICLES_DIM);
    let norm = 0;
    for (let i = 0; i < vec.length; i++) {
      // Sum of uniforms ≈ normal; the real vectors are unit-length sentence embeddings.
      const v = rnd() + rnd() + rnd() - 1.5;
      vec[i] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    for (let i = 0; i < vec.length; i++) vec[i] = vec[i] / norm;
    yield {
      id,
      title,
      link: `https://medium.com/${PUBLICATIONS[id % PUBLICATIONS.length].toLowerCase().replace(/ /g, "-")}/${slug}`,
      reading_time: 1 + Math.floor(rnd() * 20),
      publication: PUBLICATIONS[Math.floor(rnd() * PUBLICATIONS.length)],
      claps: Math.floor(rnd() * 5000),
      responses: Math.floor(rnd() * 60),
      title_vector: vec,
    };
  }
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Formats a float like the dataset does: up to 9 significant digits, no exponent for normal values. */
function formatFloat(x: number): string {
  return Number(x.toPrecision(9)).toString();
}

/** Writes `rows` articles as CSV to `file` (atomically) and returns the file path. */
export function writeMediumArticlesCsv(file: string, rows = 5000, seed = 42): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, "w");
  try {
    fs.writeSync(fd, `${MEDIUM_ARTICLES_COLUMNS.join(",")}\n`);
    for (const a of mediumArticles(rows, seed)) {
      const vector = `[${Array.from(a.title_vector, formatFloat).join(", ")}]`;
      const cells = [
        String(a.id),
        csvCell(a.title),
        csvCell(a.link),
        String(a.reading_time),
        csvCell(a.publication),
        String(a.claps),
        String(a.responses),
        csvCell(vector),
      ];
      fs.writeSync(fd, `${cells.join(",")}\n`);
    }
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  return file;
}
