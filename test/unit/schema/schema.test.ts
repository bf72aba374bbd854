import {
  type CollectionSchema,
  checkSchema,
  jsonSchemaProblems,
  normalizeSchema,
  restTypeName,
  SchemaValidationError,
  schemaFingerprint,
} from "../../../provider/schema";

const mediumArticles = {
  fields: [
    { name: "id", dataType: "INT64", isPrimary: true, autoId: false },
    { name: "title_vector", dataType: "FLOAT_VECTOR", dim: 768 },
    { name: "title", dataType: "VARCHAR", maxLength: 512 },
    { name: "link", dataType: "VARCHAR", maxLength: 512 },
    { name: "reading_time", dataType: "INT64" },
  ],
  enableDynamicField: true,
};

function problemsOf(input: unknown): string[] {
  try {
    normalizeSchema(input);
  } catch (e) {
    if (e instanceof SchemaValidationError) return e.problems;
    throw e;
  }
  return [];
}

describe("normalizeSchema", () => {
  it("accepts the canonical form unchanged", () => {
    expect(normalizeSchema(mediumArticles)).toEqual(mediumArticles);
  });

  it("maps Milvus REST names and keys to the canonical model", () => {
    const rest = {
      autoId: true,
      enabledDynamicField: false,
      fields: [
        { fieldName: "pk", dataType: "Int64", isPrimary: true },
        { fieldName: "v", dataType: "FloatVector", elementTypeParams: { dim: "8" } },
        { fieldName: "t", dataType: "VarChar", elementTypeParams: { max_length: 10 } },
        {
          fieldName: "a",
          dataType: "Array",
          elementDataType: "VarChar",
          elementTypeParams: { max_capacity: "4", max_length: 3 },
        },
        { fieldName: "s", dataType: "SparseFloatVector" },
        { fieldName: "h", dataType: "BFloat16Vector", elementTypeParams: { dim: 4 } },
      ],
    };
    const s = normalizeSchema(rest);
    expect(s.enableDynamicField).toBe(false);
    expect(s.fields.map((f) => f.dataType)).toEqual([
      "INT64",
      "FLOAT_VECTOR",
      "VARCHAR",
      "ARRAY",
      "SPARSE_FLOAT_VECTOR",
      "BFLOAT16_VECTOR",
    ]);
    expect(s.fields[0]).toEqual({ name: "pk", dataType: "INT64", isPrimary: true, autoId: true });
    expect(s.fields[1].dim).toBe(8);
    expect(s.fields[3]).toEqual({
      name: "a",
      dataType: "ARRAY",
      elementType: "VARCHAR",
      maxCapacity: 4,
      maxLength: 3,
    });
  });

  it("maps pymilvus snake_case keys and enum numbers", () => {
    const s = normalizeSchema({
      enable_dynamic_field: true,
      primary_field: "id",
      fields: [
        { name: "id", dtype: 21, max_length: 64, auto_id: false },
        { name: "v", dtype: "DataType.BINARY_VECTOR", dim: 16 },
        { name: "n", dtype: "INT32", nullable: true, default_value: 7, is_partition_key: false },
      ],
    });
    expect(s.fields[0]).toEqual({
      name: "id",
      dataType: "VARCHAR",
      maxLength: 64,
      autoId: false,
      isPrimary: true,
    });
    expect(s.fields[2].defaultValue).toBe(7);
  });

  it("lists every problem at once", () => {
    const problems = problemsOf({
      fields: [
        { name: "id", dataType: "FLOAT", isPrimary: true },
        { name: "id2", dataType: "INT64", isPrimary: true },
        { name: "v", dataType: "FLOAT_VECTOR", dim: 1 },
        { name: "b", dataType: "BINARY_VECTOR", dim: 12 },
        { name: "s", dataType: "VARCHAR", maxLength: 0 },
        { name: "1bad", dataType: "INT8" },
        { name: "d", dataType: "INT8", defaultValue: 300 },
      ],
    });
    // Structure first (ajv); Milvus rules run once the structure is right (next test).
    expect(problems).toHaveLength(3);
    const text = problems.join("\n");
    expect(text).toMatch(/fields\/4\/maxLength: must be >= 1/);
    expect(text).toMatch(
      /fields\/5\/name: the first character of a field name must be an underscore or letter/,
    );
    expect(text).toMatch(/fields\/2\/dim: must be >= 2/);
  });

  it("reports Milvus cross-field rules after the structure is right", () => {
    const problems = problemsOf({
      fields: [
        { name: "id", dataType: "FLOAT", isPrimary: true },
        { name: "id2", dataType: "INT64", isPrimary: true },
        { name: "b", dataType: "BINARY_VECTOR", dim: 12 },
        { name: "d", dataType: "INT8", defaultValue: 300 },
        { name: "d", dataType: "VARCHAR", maxLength: 3, defaultValue: "héé" },
        { name: "j", dataType: "JSON", defaultValue: "{}" },
        { name: "v", dataType: "FLOAT_VECTOR", dim: 4, nullable: true },
        { name: "p", dataType: "DOUBLE", isPartitionKey: true },
        { name: "x", dataType: "INT32", autoId: true },
      ],
    });
    const text = problems.join("\n");
    expect(text).toContain("field 'id': primary key must be INT64 or VARCHAR, got FLOAT");
    expect(text).toContain("schema: 2 primary key fields (id, id2), exactly one is allowed");
    expect(text).toContain("field 'b': BINARY_VECTOR dim must be a multiple of 8");
    expect(text).toContain("field 'd': defaultValue must be an integer in -128..127, got 300");
    expect(text).toContain("field 'd': duplicate field name");
    expect(text).toContain("field 'd': defaultValue must be at most 3 UTF-8 bytes (got 5)");
    expect(text).toContain("field 'j': JSON fields cannot have a default value");
    expect(text).toContain("field 'v': vector fields cannot be nullable");
    expect(text).toContain("field 'p': partition key must be INT64 or VARCHAR, got DOUBLE");
    expect(text).toContain("field 'x': autoId is only allowed on the primary key");
    expect(problems.length).toBe(10);
  });

  it("rejects unknown keys and type names with their location", () => {
    const problems = problemsOf({
      fields: [{ name: "id", dataType: "INT128", isPrimary: true, colour: "red" }],
      extra: 1,
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        "schema: unknown key 'extra'",
        "fields/0: unknown key 'colour'",
        "fields/0: unknown data type \"INT128\" for 'dataType'",
      ]),
    );
  });

  it("requires a primary key and a vector field", () => {
    expect(checkSchema({ fields: [{ name: "a", dataType: "INT64" }] })).toEqual([
      "schema: no primary key field (set isPrimary on one INT64 or VARCHAR field)",
      "schema: at least one vector field is required",
    ]);
  });

  it("keeps INT64 defaults beyond 2^53 exact as strings", () => {
    const s = normalizeSchema({
      fields: [
        { name: "id", dataType: "INT64", isPrimary: true },
        { name: "v", dataType: "INT8_VECTOR", dim: 4 },
        { name: "big", dataType: "INT64", defaultValue: "9223372036854775807" },
      ],
    });
    expect(s.fields[2].defaultValue).toBe("9223372036854775807");
    expect(
      problemsOf({
        ...s,
        fields: [
          ...s.fields.slice(0, 2),
          { name: "big", dataType: "INT64", defaultValue: "9223372036854775808" },
        ],
      })[0],
    ).toMatch(/field 'big': defaultValue must be an integer/);
  });
});

describe("jsonSchemaProblems", () => {
  it("validates the canonical form with the shipped JSON Schema", () => {
    expect(jsonSchemaProblems(mediumArticles)).toEqual([]);
    expect(jsonSchemaProblems({ fields: [{ name: "v", dataType: "FLOAT_VECTOR" }] })).toEqual([
      "fields/0: must have required property 'dim'",
    ]);
  });
});

describe("schemaFingerprint", () => {
  it("is stable across key order, aliases and formatting", () => {
    const a = normalizeSchema(mediumArticles);
    const reordered = JSON.parse(
      JSON.stringify({
        enableDynamicField: true,
        fields: mediumArticles.fields.map((f) => Object.fromEntries(Object.entries(f).reverse())),
      }),
    );
    const rest = normalizeSchema({
      enabledDynamicField: true,
      fields: [
        { fieldName: "id", dataType: "Int64", isPrimary: true },
        { fieldName: "title_vector", dataType: "FloatVector", elementTypeParams: { dim: "768" } },
        { fieldName: "title", dataType: "VarChar", elementTypeParams: { max_length: 512 } },
        { fieldName: "link", dataType: "VarChar", elementTypeParams: { max_length: "512" } },
        { fieldName: "reading_time", dataType: "Int64" },
      ],
    });
    const fp = schemaFingerprint(a);
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(schemaFingerprint(normalizeSchema(reordered))).toBe(fp);
    expect(schemaFingerprint(rest)).toBe(fp);
  });

  it("changes when anything Milvus cares about changes", () => {
    const base = normalizeSchema(mediumArticles);
    const fp = schemaFingerprint(base);
    const variants: CollectionSchema[] = [
      { ...base, enableDynamicField: false },
      { ...base, fields: base.fields.map((f) => (f.name === "title_vector" ? { ...f, dim: 384 } : f)) },
      { ...base, fields: base.fields.map((f) => (f.name === "title" ? { ...f, maxLength: 511 } : f)) },
      { ...base, fields: [...base.fields].reverse() },
    ];
    for (const v of variants) expect(schemaFingerprint(v)).not.toBe(fp);
  });
});

describe("restTypeName", () => {
  it("gives the Milvus REST spelling", () => {
    expect(restTypeName("FLOAT_VECTOR")).toBe("FloatVector");
    expect(restTypeName("VARCHAR")).toBe("VarChar");
    expect(restTypeName("BFLOAT16_VECTOR")).toBe("BFloat16Vector");
    expect(restTypeName("SPARSE_FLOAT_VECTOR")).toBe("SparseFloatVector");
    expect(restTypeName("INT64")).toBe("Int64");
  });
});
