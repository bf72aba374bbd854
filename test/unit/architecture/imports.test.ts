/**
 * The module graph of provider/: layers that must not reach up, and no cycles. Every reference
 * counts: value and type imports, re-exports, require() and import() types, since each ties the
 * modules' meaning together even when it is erased or loaded late.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "../../../provider");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

function resolveLocal(from: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, path.join(base, "index.ts")].find((c) => fs.existsSync(c));
}

/** file -> the provider/ files it references. */
function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const refs = ts.preProcessFile(fs.readFileSync(f, "utf8"), true, true).importedFiles;
    const deps = refs.map((r) => resolveLocal(f, r.fileName)).filter((d): d is string => d !== undefined);
    graph.set(f, [...new Set(deps)]);
  }
  return graph;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)?.includes(v)) out.push(scc);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

const rel = (f: string) => path.relative(ROOT, f);
const graph = importGraph(sourceFiles(ROOT));

test("the scan sees the graph (a sanity check on the scanner itself)", () => {
  expect(graph.size).toBeGreaterThan(100);
  const deps = graph.get(path.join(ROOT, "pipeline/deps.ts"))!.map(rel);
  // a value import, a type import and a lazy require are all edges
  expect(deps).toEqual(
    expect.arrayContaining(["storage/factory.ts", "contracts/connection.ts", "pipeline/dataTools.ts"]),
  );
  expect(
    cycles(
      new Map([
        ["a", ["b"]],
        ["b", ["c"]],
        ["c", ["a"]],
        ["d", ["a"]],
      ]),
    ),
  ).toEqual([["c", "b", "a"]]);
});

test("provider/ has no import cycles", () => {
  expect(cycles(graph).map((c) => c.map(rel).sort())).toEqual([]);
});

test("engine/ does not depend on the API clients (it implements contracts/, as they do)", () => {
  const offending = [...graph]
    .filter(([f]) => rel(f).startsWith("engine/"))
    .flatMap(([f, deps]) =>
      deps.filter((d) => rel(d).startsWith("api/")).map((d) => `${rel(f)} -> ${rel(d)}`),
    );
  expect(offending).toEqual([]);
});

test("contracts/ depends only on schema types", () => {
  const offending = [...graph]
    .filter(([f]) => rel(f).startsWith("contracts/"))
    .flatMap(([f, deps]) =>
      deps.filter((d) => !/^(contracts|schema)\//.test(rel(d))).map((d) => `${rel(f)} -> ${rel(d)}`),
    );
  expect(offending).toEqual([]);
});
