import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalBulkWriter } from "../../../provider/bulkwriter";
import { appendSource, CsvParser, type RowBatch, readSource } from "../../../provider/sources";
import { allTypesRows } from "../bulkwriter/rows";
import { allTypesSchema, mediumArticlesSchema } from "../fixtures/schemas";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "src-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(gen: AsyncIterable<RowBatch>): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const b of gen) out.push(...b.rows);
  return out;
}

describe("CsvParser", () => {
  it("handles quotes, doubled quotes, embedded newlines and CRLF across chunk boundaries", () => {
    const text = 'a,b,c\r\n1,"x, ""y""\nz",3\n\n4,,"6"\n';
    for (let cut = 1; cut < text.length; cut++) {
      const p = new CsvParser("t.csv");
      const recs = [...p.push(text.slice(0, cut)), ...p.push(text.slice(cut), true)];
      expect(recs.map((r) => r.fields)).toEqual([
        ["a", "b", "c"],
        ["1", 'x, "y"\nz', "3"],
        ["4", "", "6"],
      ]);
      expect(recs.map((r) => r.line)).toEqual([1, 2, 5]);
    }
  });
});

describe("readSource", () => {
  it("reads the seed's medium_articles CSV shape with exact INT64 and vector strings", async () => {
    const path = join(dir, "articles.csv");
    writeFileSync(
      path,
      'id,title_vector,title,link,publication,reading_time,claps,responses,extra_int\n9007199254740993,"[0.1, 0.2]",Hello,http://x,"Pub, Inc",13,1100,18,9223372036854775807\n',
    );
    const rows = await collect(readSource(path, { schema: mediumArticlesSchema(2) }));
    expect(rows).toEqual([
      {
        id: 9007199254740993n,
        title_vector: [0.1, 0.2],
        title: "Hello",
        link: "http://x",
        publication: "Pub, Inc",
        reading_time: 13n,
        claps: 1100n,
        responses: 18n,
        extra_int: 9223372036854775807n,
      },
    ]);
  });

  it("reads JSON arrays, {rows: [...]}, JSONL and inline rows, with a column mapping", async () => {
    writeFileSync(join(dir, "a.json"), '[{"pk": 18446744073709551615, "skip": 1, "n": "7"}]');
    writeFileSync(join(dir, "b.json"), '{"rows": [{"pk": 1, "n": "8"}]}');
    writeFileSync(join(dir, "c.jsonl"), '{"pk": 2, "n": "9"}\n\n{"pk": 3, "n": "10"}\n');
    const mapping = { rename: { pk: "id" }, ignore: ["skip"], cast: { n: "int" as const } };
    expect(await collect(readSource(join(dir, "a.json"), { mapping }))).toEqual([
      { id: 18446744073709551615n, n: 7n },
    ]);
    expect(await collect(readSource(join(dir, "b.json"), { mapping }))).toEqual([{ id: 1, n: 8n }]);
    expect(await collect(readSource(join(dir, "c.jsonl"), { mapping }))).toEqual([
      { id: 2, n: 9n },
      { id: 3, n: 10n },
    ]);
    expect(await collect(readSource({ rows: [{ pk: 4 }] }, { mapping }))).toEqual([{ id: 4 }]);
  });

  it.each(["parquet", "json", "csv"])(
    "round-trips our own %s files through the source readers and writer",
    async (fileType) => {
      const schema = allTypesSchema();
      const w = new LocalBulkWriter({ schema, localPath: join(dir, `w-${fileType}`), fileType });
      for (const r of allTypesRows(40)) w.appendRow(r);
      const m = await w.commit();
      // Read back and write again: the same identity proves every value survived exactly.
      const w2 = new LocalBulkWriter({ schema, localPath: join(dir, `w2-${fileType}`), fileType });
      for (const f of m.files) await appendSource(w2, readSource(join(w.dataPath, f.path), { schema }));
      expect((await w2.commit()).identity).toBe(m.identity);
    },
  );
});
