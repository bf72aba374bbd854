import { ApiError, ImportJobFailedError, WaitTimeoutError } from "../../../provider/api/errors";
import { UsageError } from "../../../provider/cli/errors";
import { EXIT, EXIT_CODE_HELP, exitCodeFor } from "../../../provider/cli/exitCodes";
import { PlanError } from "../../../provider/pipeline/plan";
import { SchemaValidationError } from "../../../provider/schema/errors";
import { StorageError } from "../../../provider/storage/errors";
import { DataValidationError } from "../../../provider/validate/issues";

const job = {
  jobId: "1",
  collectionName: "c",
  state: "Failed" as const,
  progress: 0,
  details: [],
  reason: "bad file",
};

test("the documented codes", () => {
  expect(EXIT).toEqual({ ok: 0, invalidData: 1, usage: 2, remote: 3, timeout: 4 });
  for (const n of [0, 1, 2, 3, 4]) expect(EXIT_CODE_HELP).toMatch(new RegExp(`^ {2}${n} `, "m"));
});

test.each([
  [
    "invalid data",
    new DataValidationError([{ file: "a.csv", row: 2, field: "id", expected: "INT64", got: '"x"' }]),
    1,
  ],
  ["usage", new UsageError("bad flag"), 2],
  ["bad schema", new SchemaValidationError(["fields/0: no primary key"]), 2],
  ["bad plan input", new PlanError("source file not found", "source.files"), 2],
  [
    "API error",
    new ApiError({ kind: "business", api: "milvus-v2", code: 100, serverMessage: "collection not found" }),
    3,
  ],
  ["network error", new ApiError({ kind: "network", api: "zilliz-v2", code: "ECONNREFUSED" }), 3],
  [
    "storage error",
    new StorageError({
      provider: "s3",
      bucket: "b",
      operation: "put",
      code: "AccessDenied",
      detail: "denied",
    }),
    3,
  ],
  [
    "storage settings",
    new StorageError({
      provider: "oss",
      bucket: "b",
      operation: "configure",
      code: "InvalidConfig",
      detail: "no OSS credentials",
    }),
    2,
  ],
  ["failed job", new ImportJobFailedError(job), 3],
  ["wait timeout", new WaitTimeoutError("1", 1000), 4],
  ["anything else", new Error("boom"), 3],
])("%s -> %i", (_name, err, code) => {
  expect(exitCodeFor(err)).toBe(code);
});
