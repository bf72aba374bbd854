// After the quickstart's `pulumi up`: count(*) and one nearest-neighbour query on the embedded engine,
// straight from its data directory (argv[2] is the quickstart's work dir).
const path = require("node:path");
const { openLocalEngine } = require("pulumi-milvus-import/engine");

async function main() {
  const workDir = process.argv[2] ?? ".quickstart";
  const { engine, collectionApi } = openLocalEngine(path.join(workDir, "milvus"));
  const name = "medium_articles";
  const count = await collectionApi.count("default", name);
  console.log(`count(*) = ${count}`);
  const [probe] = await collectionApi.query("default", name, {
    filter: "id == 42",
    outputFields: ["id", "title", "title_vector"],
  });
  const [hits] = await engine.search("default", name, {
    vectors: [Array.from(probe.title_vector)],
    annsField: "title_vector",
    metricType: "IP",
    limit: 3,
    outputFields: ["title", "publication"],
  });
  console.log(`nearest neighbours of article 42 ("${probe.title}") by inner product on title_vector:`);
  for (const h of hits) console.log(`  id=${h.id} ip=${h.distance.toFixed(4)} ${JSON.stringify(h.entity, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
