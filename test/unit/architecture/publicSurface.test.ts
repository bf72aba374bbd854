/**
 * The package's public surface: the root entry exports exactly the names listed here (a new export is
 * a decision, made by editing this list), and package.json `exports` names every other way in.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "../../..");

/** Every name `provider/index.ts` exports, from its export declarations (no `export *` allowed). */
function rootExports(): { names: string[]; starReExports: string[] } {
  const file = path.join(ROOT, "provider/index.ts");
  const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const names: string[] = [];
  const starReExports: string[] = [];
  for (const st of sf.statements) {
    if (ts.isExportDeclaration(st)) {
      const clause = st.exportClause;
      if (!clause) starReExports.push(st.getText());
      else if (ts.isNamespaceExport(clause)) names.push(clause.name.text);
      else for (const el of clause.elements) names.push(el.name.text);
    } else if (ts.getModifiers(st as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      starReExports.push(`declaration in the entry itself: ${st.getText().slice(0, 60)}`);
    }
  }
  return { names: names.sort(), starReExports };
}

const PUBLIC = [
  // Pulumi resources
  "Collection",
  "CollectionArgs",
  "CollectionRefArgs",
  "ImportJob",
  "ImportJobArgs",
  // declaring collections, data and connections
  "CollectionSchema",
  "ConnectionConfig",
  "DataType",
  "FieldSchema",
  "FileFormat",
  "ImportApiKind",
  "IndexSpec",
  "OwnershipMode",
  "SourceFormat",
  "SourceSpec",
  "StagingConfig",
  "datasets",
  // BulkWriter
  "BulkWriterOptions",
  "LocalBulkWriter",
  "RemoteBulkWriter",
  "RemoteBulkWriterOptions",
  // object storage
  "AzureStorageConfig",
  "GcsStorageConfig",
  "LocalStorageConfig",
  "ObjectStore",
  "OssStorageConfig",
  "S3StorageConfig",
  "StorageConfig",
  "StorageProvider",
  "createObjectStore",
  // API clients
  "ApiClientSettings",
  "ClosableImportApi",
  "CollectionApi",
  "ImportApi",
  "ImportJobInfo",
  "JobState",
  "WaitOptions",
  "createCollectionApi",
  "createImportApi",
  "waitForImport",
  // errors
  "ApiError",
  "BulkWriteError",
  "CsvEncodingError",
  "DataValidationError",
  "ImportJobFailedError",
  "ImportRunError",
  "JsonValueError",
  "NumpyUnsupportedError",
  "PlanError",
  "SchemaValidationError",
  "SourceFormatError",
  "StorageError",
  "WaitTimeoutError",
];

test("the root entry exports exactly the documented list, each name on purpose", () => {
  const { names, starReExports } = rootExports();
  expect(starReExports).toEqual([]);
  expect(names).toEqual([...PUBLIC].sort());
});

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

/** The source file a dist/ path is compiled from (dist/x/y.js <- x/y.ts). */
const sourceOf = (distPath: string) =>
  path.join(ROOT, distPath.replace(/^\.\/dist\//, "").replace(/\.(d\.ts|js)$/, ".ts"));

test("package.json exports: the root, the library's subpaths, and what stack state requires", () => {
  expect(Object.keys(pkg.exports)).toEqual([
    ".",
    "./api",
    "./bulkwriter",
    "./cli",
    "./engine",
    "./pipeline",
    "./schema",
    "./sources",
    "./storage",
    "./validate",
    "./emulator",
    // Serialized dynamic providers in existing stacks' state require these three by name.
    "./dist/provider/resources/common",
    "./dist/provider/resources/collectionProvider",
    "./dist/provider/resources/importJobProvider",
    "./schemas/*",
    "./package.json",
  ]);
  expect(pkg.exports["."]).toEqual({ types: `./${pkg.types}`, default: `./${pkg.main}` });
  for (const [sub, target] of Object.entries<any>(pkg.exports)) {
    if (sub.includes("*") || sub === "./package.json") continue;
    const targets = typeof target === "string" ? [target] : [target.types, target.default];
    for (const t of targets)
      expect({ sub, exists: fs.existsSync(sourceOf(t)) }).toEqual({ sub, exists: true });
  }
});

test("typesVersions gives moduleResolution=node consumers the same subpaths' types", () => {
  const subpaths = Object.keys(pkg.exports).filter((s) => /^\.\/[a-z]+$/.test(s) && s !== "./package.json");
  const mapped = pkg.typesVersions["*"];
  expect(Object.keys(mapped).sort()).toEqual(subpaths.map((s) => s.slice(2)).sort());
  for (const s of subpaths) expect(mapped[s.slice(2)]).toEqual([pkg.exports[s].types.slice(2)]);
});

test("the serialized providers require only modules the exports map lets through", () => {
  for (const file of ["collection.ts", "importJob.ts"]) {
    const src = fs.readFileSync(path.join(ROOT, "provider/resources", file), "utf8");
    const required = [...src.matchAll(/require\("pulumi-milvus-import\/([^"]+)"\)/g)].map((m) => `./${m[1]}`);
    expect(required.length).toBeGreaterThan(0);
    for (const r of required) expect(pkg.exports).toHaveProperty([r]);
  }
});
