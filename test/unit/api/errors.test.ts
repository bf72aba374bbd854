import { lookupCode } from "../../../provider/api/errorCodes";
import { ApiError, ImportJobFailedError, WaitTimeoutError } from "../../../provider/api/errors";

const req = { method: "POST", path: "/v2/vectordb/jobs/import/create", origin: "http://127.0.0.1:19530" };

describe("typed errors", () => {
  test("a business error names request, code, meaning, server message and what to do", () => {
    const e = new ApiError({
      kind: "business",
      api: "milvus-v2",
      code: 100,
      serverMessage: "collection not found[database=default][collection=x]",
      request: req,
    });
    expect(e.message).toBe(
      "milvus-v2 POST http://127.0.0.1:19530/v2/vectordb/jobs/import/create failed with code 100 (Collection not found): " +
        "collection not found[database=default][collection=x]. Create the collection first, and check collectionName and dbName.",
    );
    expect(e.transient).toBe(false);
    expect(e.name).toBe("MilvusImportApiError");
  });
  test("documented transient codes", () => {
    expect(lookupCode("zilliz-v1", 47055).transient).toBe(true);
    expect(lookupCode("zilliz-v1", 47039).rejectedBeforeAction).toBe(true);
    expect(lookupCode("milvus-v2", 1807).transient).toBe(true);
    expect(
      lookupCode("milvus-v2", 2100, "The number of jobs has reached the limit, please try again later.")
        .transient,
    ).toBe(true);
    expect(
      lookupCode("milvus-v2", 2100, "for JSON import, accepts only one file: importing data failed")
        .transient,
    ).toBe(false);
    expect(lookupCode("zilliz-v2", 21119)).toMatchObject({ transient: false, meaning: "API key is illegal" });
    // Zilliz control planes fall back to Milvus codes for cluster-side errors.
    expect(lookupCode("zilliz-v2", 100).meaning).toBe("Collection not found");
    // v2 documents no import codes; the "cluster is importing" refusals it reuses from v1 are retried.
    expect(lookupCode("zilliz-v2", 47039)).toMatchObject({ transient: true, rejectedBeforeAction: true });
    expect(lookupCode("zilliz-v2", 47055).transient).toBe(true);
    expect(lookupCode("zilliz-v2", 83001).meaning).toMatch(/object metadata/);
    expect(lookupCode("zilliz-v1", 123456)).toMatchObject({
      meaning: "Undocumented error code",
      transient: false,
    });
  });
  test("each v1 and v2 documented code has meaning and hint", () => {
    for (const code of [
      10003, 40003, 40021, 40022, 47005, 47035, 47036, 47039, 47053, 47055, 80000, 80001, 80002, 80003, 80004,
      80020, 83001, 83004, 90011, 90102, 90103, 90104, 90117, 90142, 90144, 90145,
    ]) {
      const i = lookupCode("zilliz-v1", code);
      expect(i.meaning).not.toBe("Undocumented error code");
      expect(i.hint.length).toBeGreaterThan(5);
    }
    for (const code of [21119, 96005, 96008, 96009, 96014, 96015, 96016, 96018, 96025, 96026, 96036]) {
      expect(lookupCode("zilliz-v2", code).meaning).not.toBe("Undocumented error code");
    }
  });
  test("http and network errors have defaults", () => {
    const e = new ApiError({ kind: "http", api: "zilliz-v2", code: 401, httpStatus: 401, request: req });
    expect(e.message).toContain("(Unauthenticated)");
    expect(e.message).toContain("Check the token");
    const n = new ApiError({
      kind: "network",
      api: "zilliz-v2",
      code: "ECONNRESET",
      request: req,
      attempts: 5,
      transient: true,
    });
    expect(n.message).toContain("after 5 attempts");
  });
  test("job failure and timeout errors explain the next step", () => {
    const job = {
      jobId: "j1",
      collectionName: "c",
      state: "Failed" as const,
      progress: 0,
      details: [
        { fileName: "a.parquet", state: "Failed" as const, progress: 0, reason: "field v dim mismatch" },
      ],
    };
    const f = new ImportJobFailedError(job);
    expect(f.message).toContain("field v dim mismatch");
    expect(f.message).toContain("a.parquet");
    const t = new WaitTimeoutError(
      "j1",
      60_000,
      { ...job, state: "Importing", progress: 0.8 },
      "All 1 file(s) are Completed",
    );
    expect(t.message).toMatch(
      /within 60s.*Importing, progress 80%.*All 1 file\(s\).*do not start a new import/,
    );
  });
});

describe("client construction", () => {
  test("bad endpoints are rejected with an example, without echoing credentials", () => {
    const { HttpClient } =
      require("../../../provider/api/http") as typeof import("../../../provider/api/http");
    expect(() => new HttpClient({ baseUrl: "not a url", api: "milvus-v2" })).toThrow(
      /http:\/\/127.0.0.1:19530/,
    );
    expect(() => new HttpClient({ baseUrl: "ftp://u:hunter2pw@h/", api: "milvus-v2" })).toThrow(
      /Use http:\/\/ or https:\/\//,
    );
    let message = "";
    try {
      new HttpClient({ baseUrl: "http://u:hunter2pw@bad host/", api: "milvus-v2" });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("Invalid endpoint URL");
    expect(message).not.toContain("hunter2pw");
  });
});
