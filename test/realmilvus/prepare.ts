/**
 * Writes the value cases' files and references outside jest: `node -r test/helpers/swcRegister.js
 * test/realmilvus/prepare.ts JOB.json`. Jest runs test code in a vm context where every access to a
 * global (Math.fround, Math.imul, ...) goes through the context's interceptor, which made writing the
 * 20k×768 cases 20-30x slower there than in plain Node. JOB: {"cases": [{"key", "format"}], "out"};
 * writes {"specs": [...], "failures": {name: message}} to `out`.
 */
import fs from "node:fs";
import { casesFor } from "./cases";
import { type CaseSpec, type Format, prepareCase } from "./harness";

async function main(): Promise<void> {
  const job = JSON.parse(fs.readFileSync(process.argv[2], "utf8")) as {
    cases: { key: string; format: Format }[];
    out: string;
  };
  const specs: (CaseSpec & { rowCount: number; prepareSeconds: number })[] = [];
  const failures: Record<string, string> = {};
  for (const { key, format } of job.cases) {
    for (const input of casesFor(format, [key])) {
      const started = Date.now();
      try {
        const spec = await prepareCase(input);
        specs.push({ ...spec, rowCount: input.rows.length, prepareSeconds: (Date.now() - started) / 1000 });
      } catch (e) {
        // A case our writer refuses fails alone; the others still run.
        failures[input.name] = String(e);
      }
    }
  }
  fs.writeFileSync(job.out, JSON.stringify({ specs, failures }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
