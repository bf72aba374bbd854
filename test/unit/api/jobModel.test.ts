import {
  jobFromListRecord,
  jobFromV1Progress,
  jobFromV2Progress,
  normalizeState,
  normalizeV1Percentage,
  V1ScaleTracker,
} from "../../../provider/api/jobModel";

describe("v1 readyPercentage normalisation", () => {
  test("0..1 scale values are fractions", () => {
    expect(normalizeV1Percentage(0, false)).toBe(0);
    expect(normalizeV1Percentage(0.35, false)).toBeCloseTo(0.35);
    expect(normalizeV1Percentage(1, true)).toBe(1);
  });
  test("values above 1 prove the 0..100 scale, and the tracker remembers it", () => {
    const t = new V1ScaleTracker();
    expect(normalizeV1Percentage(35, false, t)).toBeCloseTo(0.35);
    expect(t.percentScale).toBe(true);
    // Later, 1 means 1 % and 0.5 means 0.5 %.
    expect(normalizeV1Percentage(1, false, t)).toBeCloseTo(0.01);
    expect(normalizeV1Percentage(0.5, false, t)).toBeCloseTo(0.005);
    expect(normalizeV1Percentage(100, true, t)).toBe(1);
  });
  test("an ambiguous 1 without completeTime is not reported as done", () => {
    expect(normalizeV1Percentage(1, false)).toBeCloseTo(0.01);
  });
  test("garbage and missing values", () => {
    expect(normalizeV1Percentage(undefined, false)).toBe(0);
    expect(normalizeV1Percentage("42", false)).toBeCloseTo(0.42);
    expect(normalizeV1Percentage(250, false)).toBe(1);
  });
});

describe("v1 progress response shapes", () => {
  test("running job with nulls", () => {
    const j = jobFromV1Progress(
      {
        jobId: "job-0a1b2c3d4e5f6g7h8i9j0k",
        collectionName: "articles",
        fileName: "exports/batch-07/part-0.parquet",
        fileSize: 52428800,
        readyPercentage: 0.35,
        completeTime: null,
        errorMessage: null,
        details: [
          {
            fileName: "exports/batch-07/part-0.parquet",
            fileSize: 52428800,
            readyPercentage: 0.35,
            completeTime: null,
            errorMessage: null,
          },
        ],
      },
      "job-0a1b2c3d4e5f6g7h8i9j0k",
    );
    expect(j).toMatchObject({ state: "Importing", collectionName: "articles" });
    expect(j.progress).toBeCloseTo(0.35);
    expect(j.details).toEqual([
      {
        fileName: "exports/batch-07/part-0.parquet",
        fileSize: 52428800,
        state: "Importing",
        progress: 0.35,
        reason: undefined,
      },
    ]);
    expect(j.completeTime).toBeUndefined();
  });
  test("the seed's finished job (readyPercentage 1 + completeTime) is Completed", () => {
    const j = jobFromV1Progress(
      {
        collectionName: "medium_articles",
        fileName: "DATA/1/",
        fileSize: 26571700,
        readyPercentage: 1,
        completeTime: "2023-10-28T06:51:49Z",
        errorMessage: null,
        jobId: "9d0bc230-6b99-4739-a872-0b91cfe2515a",
        details: [
          {
            fileName: "DATA/1/",
            fileSize: 26571700,
            readyPercentage: 1,
            completeTime: "2023-10-28T06:51:49Z",
            errorMessage: null,
          },
        ],
      },
      "x",
    );
    expect(j.jobId).toBe("9d0bc230-6b99-4739-a872-0b91cfe2515a");
    expect(j.state).toBe("Completed");
    expect(j.progress).toBe(1);
    expect(j.details[0].state).toBe("Completed");
    expect(j.completeTime).toBe("2023-10-28T06:51:49Z");
  });
  test("0..100 scale within one response is detected from any value", () => {
    const t = new V1ScaleTracker();
    const j = jobFromV1Progress(
      {
        readyPercentage: 1,
        completeTime: null,
        errorMessage: null,
        details: [{ fileName: "a", readyPercentage: 40 }],
      },
      "j",
      t,
    );
    expect(j.progress).toBeCloseTo(0.01);
    expect(j.details[0].progress).toBeCloseTo(0.4);
  });
  test("errorMessage means Failed, with the reason", () => {
    const j = jobFromV1Progress(
      {
        readyPercentage: 0.2,
        completeTime: "2024-01-01T00:00:00Z",
        errorMessage: "schema mismatch",
        details: [],
      },
      "j",
    );
    expect(j.state).toBe("Failed");
    expect(j.reason).toBe("schema mismatch");
  });
  test("a failed file's reason surfaces at job level", () => {
    const j = jobFromV1Progress(
      {
        readyPercentage: 0,
        completeTime: null,
        errorMessage: null,
        details: [{ fileName: "f", readyPercentage: 0, errorMessage: "bad row 3" }],
      },
      "j",
    );
    expect(j.state).toBe("Failed");
    expect(j.reason).toBe("bad row 3");
  });
});

describe("v2 progress (Zilliz v2 and Milvus shapes)", () => {
  test("Zilliz v2 running job", () => {
    const j = jobFromV2Progress(
      {
        jobId: "job-4k2m9q8r7t6y5u4i3o2p1a",
        collectionName: "articles",
        fileName: "pq/1.parquet",
        fileSize: 73400320,
        state: "Importing",
        progress: 45,
        importedRows: 120000,
        totalRows: 260000,
        completeTime: "",
        reason: "",
        details: [
          {
            fileName: "pq/1.parquet",
            fileSize: 73400320,
            state: "Importing",
            progress: 45,
            completeTime: "",
            reason: "",
            importedRows: 120000,
            totalRows: 260000,
          },
        ],
      },
      "j",
    );
    expect(j).toMatchObject({
      jobId: "job-4k2m9q8r7t6y5u4i3o2p1a",
      state: "Importing",
      progress: 0.45,
      importedRows: 120000,
      totalRows: 260000,
    });
    expect(j.reason).toBeUndefined();
    expect(j.completeTime).toBeUndefined();
    expect(j.details[0]).toMatchObject({ state: "Importing", progress: 0.45 });
  });
  test("Milvus completed job with task states and jobID casing", () => {
    const j = jobFromV2Progress(
      {
        jobID: "456789012345678901",
        collectionName: "articles",
        createTime: "2025-06-02T10:11:12+08:00",
        completeTime: "2025-06-02T10:14:40+08:00",
        state: "Completed",
        progress: 100,
        importedRows: 20000,
        totalRows: 20000,
        details: [
          { fileName: "[uploads/run1/1.parquet]", fileSize: 41943040, progress: 100, state: "Completed" },
        ],
      },
      "fallback",
    );
    expect(j.jobId).toBe("456789012345678901");
    expect(j.state).toBe("Completed");
    expect(j.progress).toBe(1);
    expect(j.createTime).toBe("2025-06-02T10:11:12+08:00");
  });
  test("task and dev-only states map onto the four states", () => {
    expect(
      [
        "Pending",
        "InProgress",
        "Retry",
        "None",
        "Uncommitted",
        "Committing",
        "Completed",
        "Failed",
        "weird",
        7,
      ].map(normalizeState),
    ).toEqual([
      "Pending",
      "Importing",
      "Importing",
      "Pending",
      "Importing",
      "Importing",
      "Completed",
      "Failed",
      "Importing",
      "Importing",
    ]);
  });
  test("failed Milvus job keeps the reason and progress 0", () => {
    const j = jobFromV2Progress({ jobId: "1", state: "Failed", progress: 0, reason: "file not found" }, "1");
    expect(j).toMatchObject({ state: "Failed", progress: 0, reason: "file not found", details: [] });
  });
});

describe("list records", () => {
  test("v1 states", () => {
    expect(
      jobFromListRecord({ collectionName: "a", jobId: "j1", state: "ImportRunning" }, true),
    ).toMatchObject({ state: "Importing", rawState: "ImportRunning" });
    expect(
      jobFromListRecord({ collectionName: "a", jobId: "j2", state: "ImportCompleted" }, true),
    ).toMatchObject({ state: "Completed", progress: 1 });
    expect(jobFromListRecord({ collectionName: "a", jobId: "j3", state: "ImportFailed" }, true).state).toBe(
      "Failed",
    );
  });
  test("Milvus record with progress", () => {
    expect(
      jobFromListRecord({ jobId: "45", collectionName: "a", state: "Importing", progress: 55 }),
    ).toMatchObject({ progress: 0.55 });
  });
});
