import { stringifyJson } from "../../../provider/api/json";
import {
  fromDescribedIndex,
  fromDescribedSchema,
  fromRestType,
  type RestField,
  toRestField,
  toRestIndex,
  toRestSchema,
} from "../../../provider/api/schemaMapping";
import { schemaFingerprint } from "../../../provider/schema/fingerprint";
import type { CollectionSchema } from "../../../provider/schema/types";

const schema: CollectionSchema = {
  enableDynamicField: true,
  fields: [
    { name: "id", dataType: "INT64", isPrimary: true },
    { name: "title", dataType: "VARCHAR", maxLength: 512, description: "headline" },
    {
      name: "tags",
      dataType: "ARRAY",
      elementType: "VARCHAR",
      maxCapacity: 16,
      maxLength: 64,
      nullable: true,
    },
    { name: "score", dataType: "FLOAT", defaultValue: 0.5 },
    { name: "big", dataType: "INT64", defaultValue: "9007199254740993" },
    { name: "flag", dataType: "BOOL" },
    { name: "meta", dataType: "JSON" },
    { name: "cat", dataType: "VARCHAR", maxLength: 32, isPartitionKey: true },
    { name: "embedding", dataType: "FLOAT_VECTOR", dim: 768 },
    { name: "bits", dataType: "BINARY_VECTOR", dim: 128 },
    { name: "sparse", dataType: "SPARSE_FLOAT_VECTOR" },
    { name: "h", dataType: "FLOAT16_VECTOR", dim: 8 },
    { name: "bf", dataType: "BFLOAT16_VECTOR", dim: 8 },
    { name: "i8", dataType: "INT8_VECTOR", dim: 8 },
    { name: "ints", dataType: "ARRAY", elementType: "INT64", maxCapacity: 4 },
  ],
};

/**
 * What collections/describe returns for a created field: other key names, params as a
 * [{key, value}] list of strings, elementType for arrays. Written from the documented example.
 */
function describeFieldLikeServer(f: RestField, id: number, autoID: boolean): Record<string, unknown> {
  const params = Object.entries(f.elementTypeParams ?? {}).map(([key, value]) => ({
    key,
    value: String(value),
  }));
  const out: Record<string, unknown> = {
    name: f.fieldName,
    id,
    type: f.dataType,
    primaryKey: f.isPrimary === true,
    autoId: f.isPrimary === true && autoID,
    partitionKey: f.isPartitionKey === true,
    clusteringKey: false,
    nullable: f.nullable === true,
    description: f.description ?? "",
  };
  if (params.length) out.params = params;
  if (f.elementDataType) out.elementType = f.elementDataType;
  if (f.defaultValue !== undefined) out.defaultValue = f.defaultValue;
  return out;
}

describe("schema <-> Milvus REST v2", () => {
  test("create shape uses REST type names and elementTypeParams", () => {
    const rest = toRestSchema(schema);
    expect(rest.autoID).toBe(false);
    expect(rest.enableDynamicField).toBe(true);
    const byName = Object.fromEntries(rest.fields.map((f) => [f.fieldName, f]));
    expect(byName.id).toEqual({ fieldName: "id", dataType: "Int64", isPrimary: true });
    expect(byName.title).toEqual({
      fieldName: "title",
      dataType: "VarChar",
      description: "headline",
      elementTypeParams: { max_length: 512 },
    });
    expect(byName.tags).toEqual({
      fieldName: "tags",
      dataType: "Array",
      elementDataType: "VarChar",
      nullable: true,
      elementTypeParams: { max_length: 64, max_capacity: 16 },
    });
    expect(byName.embedding).toEqual({
      fieldName: "embedding",
      dataType: "FloatVector",
      elementTypeParams: { dim: 768 },
    });
    expect(byName.sparse).toEqual({ fieldName: "sparse", dataType: "SparseFloatVector" });
    expect(byName.cat.isPartitionKey).toBe(true);
    expect(
      ["BFloat16Vector", "Float16Vector", "BinaryVector", "Int8Vector", "JSON", "Bool"].every((t) =>
        rest.fields.some((f) => f.dataType === t),
      ),
    ).toBe(true);
  });

  test("INT64 default beyond 2^53 is sent as an exact JSON number", () => {
    const f = toRestField({ name: "big", dataType: "INT64", defaultValue: "9007199254740993" });
    expect(stringifyJson(f)).toBe('{"fieldName":"big","dataType":"Int64","defaultValue":9007199254740993}');
  });

  test("autoID is carried at schema level from the primary key", () => {
    expect(
      toRestSchema({ fields: [{ name: "pk", dataType: "INT64", isPrimary: true, autoId: true }] }).autoID,
    ).toBe(true);
  });

  test("round trip: our schema -> create body -> describe shape -> our schema", () => {
    const rest = toRestSchema(schema);
    const fields = rest.fields.map((f, i) => describeFieldLikeServer(f, 100 + i, rest.autoID));
    // The server stores the INT64 default exactly; simulate the lossless parse of its JSON.
    const big = fields.find((f) => f.name === "big")!;
    big.defaultValue = 9007199254740993n;
    const back = fromDescribedSchema({
      collectionName: "c",
      autoId: false,
      enableDynamicField: true,
      fields,
    });
    expect(back).toEqual(schema);
    // Same canonical identity as the shared schema model computes (no spurious Collection diffs).
    expect(schemaFingerprint(back)).toBe(schemaFingerprint(schema));
    // An explicit autoId:false on input is the same schema as omitting it.
    const explicit = {
      ...schema,
      fields: schema.fields.map((f) => (f.isPrimary ? { ...f, autoId: false } : f)),
    };
    expect(schemaFingerprint(fromDescribedSchema({ enableDynamicField: true, fields }))).toBe(
      schemaFingerprint(explicit),
    );
  });

  test("describe: autoId, $meta hidden, string params, unknown type error", () => {
    const s = fromDescribedSchema({
      autoId: true,
      enableDynamicField: false,
      fields: [
        { name: "id", type: "Int64", primaryKey: true, autoId: true },
        { name: "v", type: "FloatVector", params: [{ key: "dim", value: "4" }] },
        { name: "$meta", type: "JSON" },
      ],
    });
    expect(s).toEqual({
      enableDynamicField: false,
      fields: [
        { name: "id", dataType: "INT64", isPrimary: true, autoId: true },
        { name: "v", dataType: "FLOAT_VECTOR", dim: 4 },
      ],
    });
    expect(() => fromRestType("Varchar2")).toThrow(/unknown data type "Varchar2"/);
    expect(fromRestType("varchar")).toBe("VARCHAR");
  });

  test("index specs both ways", () => {
    expect(
      toRestIndex({
        fieldName: "embedding",
        indexName: "e_idx",
        indexType: "HNSW",
        metricType: "COSINE",
        params: { M: 16, efConstruction: 200 },
      }),
    ).toEqual({
      fieldName: "embedding",
      indexName: "e_idx",
      indexType: "HNSW",
      metricType: "COSINE",
      params: { M: 16, efConstruction: 200 },
    });
    expect(
      fromDescribedIndex({
        indexName: "e_idx",
        fieldName: "embedding",
        indexType: "HNSW",
        metricType: "COSINE",
        indexState: "Finished",
        indexParams: [
          { key: "M", value: "16" },
          { key: "metric_type", value: "COSINE" },
          { key: "index_type", value: "HNSW" },
        ],
      }),
    ).toEqual({
      fieldName: "embedding",
      indexName: "e_idx",
      indexType: "HNSW",
      metricType: "COSINE",
      params: { M: "16" },
    });
  });
});
