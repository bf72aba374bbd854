import { readFileSync } from "node:fs";
import {
  ALL_DATA_TYPES,
  checkSchema,
  type DataType,
  ELEMENT_TYPES,
  FIELD_TRAITS,
  findSchemaFile,
  INT_RANGES,
  parseDataType,
  parseElementType,
  restTypeName,
  SCALAR_TYPES,
  storedRowBytes,
  VECTOR_TYPES,
} from "../../../provider/schema";
import { fromRestName } from "../../../provider/schema/typeNames";

const schemaJson = JSON.parse(readFileSync(findSchemaFile("collection-schema.json"), "utf8")) as {
  definitions: {
    dataType: { enum: string[] };
    elementType: { enum: string[] };
    field: { allOf: { if: { properties: { dataType: { enum?: string[] } } } }[] };
  };
};

describe("FIELD_TRAITS", () => {
  it("names every type once on each wire: pymilvus enum number and REST name", () => {
    const numbers = ALL_DATA_TYPES.map((t) => FIELD_TRAITS[t].enumNumber);
    const rest = ALL_DATA_TYPES.map((t) => FIELD_TRAITS[t].restName);
    expect(new Set(numbers).size).toBe(ALL_DATA_TYPES.length);
    expect(new Set(rest).size).toBe(ALL_DATA_TYPES.length);
    for (const t of ALL_DATA_TYPES) {
      expect(parseDataType(FIELD_TRAITS[t].enumNumber)).toBe(t);
      expect(parseDataType(restTypeName(t))).toBe(t);
      expect(parseDataType(t.toLowerCase())).toBe(t);
      for (const alias of FIELD_TRAITS[t].aliases) expect(parseDataType(alias)).toBe(t);
    }
    expect(restTypeName("BFLOAT16_VECTOR")).toBe("BFloat16Vector");
    expect(parseDataType(105)).toBe("INT8_VECTOR");
    expect(parseElementType("JSON")).toBeUndefined();
  });

  it("splits the types into scalars, ARRAY and vectors, and lists ARRAY element types", () => {
    expect([...SCALAR_TYPES, "ARRAY", ...VECTOR_TYPES].sort()).toEqual([...ALL_DATA_TYPES].sort());
    expect(ELEMENT_TYPES).toEqual(["BOOL", "INT8", "INT16", "INT32", "INT64", "FLOAT", "DOUBLE", "VARCHAR"]);
    expect(INT_RANGES.INT16).toEqual([-32768n, 32767n]);
  });

  it("agrees with schemas/collection-schema.json (types, element types, types that need dim)", () => {
    const defs = schemaJson.definitions;
    expect([...defs.dataType.enum].sort()).toEqual([...ALL_DATA_TYPES].sort());
    expect([...defs.elementType.enum].sort()).toEqual([...ELEMENT_TYPES].sort());
    const needsDim = defs.field.allOf[0].if.properties.dataType.enum ?? [];
    const dense = ALL_DATA_TYPES.filter((t) => FIELD_TRAITS[t].kind === "denseVector");
    expect([...needsDim].sort()).toEqual([...dense].sort());
  });

  it("keeps NumPy dtypes consistent with the stored bytes of a row", () => {
    for (const t of ALL_DATA_TYPES) {
      const traits = FIELD_TRAITS[t];
      const npy = traits.npy as string | null;
      const f = { name: "f", dataType: t as DataType, dim: 16 };
      if (npy === null || npy === "text") {
        expect(traits.storage).toBeNull();
        continue;
      }
      const itemSize = Number(npy.slice(2));
      const rowBytes = storedRowBytes(f);
      expect(rowBytes % itemSize).toBe(0);
      if (traits.kind !== "denseVector") expect(rowBytes).toBe(itemSize);
    }
  });

  it("matches REST names exactly as the server does, or in any case as a client reading describe", () => {
    expect(fromRestName("VarChar")).toBe("VARCHAR");
    expect(fromRestName("varchar")).toBeUndefined();
    expect(fromRestName("varchar", true)).toBe("VARCHAR");
    expect(fromRestName("FLOAT_VECTOR", true)).toBeUndefined();
  });

  it("reports an unknown type as a schema problem instead of throwing", () => {
    const problems = checkSchema({
      fields: [
        { name: "id", dataType: "INT64", isPrimary: true },
        { name: "v", dataType: "FLOAT_VECTOR", dim: 4 },
        { name: "x", dataType: "DECIMAL" as DataType },
      ],
    });
    expect(problems).toEqual(["field 'x': unknown data type \"DECIMAL\""]);
  });
});
