import {
  JsonRowSplitter,
  type JsonRowsError,
  type JsonRowsOptions,
} from "../../../provider/formats/jsonRows";

function split(text: string, cut: number, opts: JsonRowsOptions): string[] | JsonRowsError {
  const s = new JsonRowSplitter(opts);
  const b = Buffer.from(text);
  try {
    return [...s.push(b.subarray(0, cut)), ...s.push(b.subarray(cut), true)].map(
      (r) => `${r.line}:${r.text}`,
    );
  } catch (e) {
    return e as JsonRowsError;
  }
}

/** The same result wherever the bytes are cut (including inside multi-byte characters). */
function everyCut(text: string, opts: JsonRowsOptions = { rowsKey: "first" }): string[] | JsonRowsError {
  const first = split(text, 0, opts);
  for (let cut = 1; cut <= Buffer.byteLength(text); cut++) expect(split(text, cut, opts)).toEqual(first);
  return first;
}

const err = (r: string[] | JsonRowsError) => (Array.isArray(r) ? r : `${r.kind}: ${r.message} @${r.line}`);

describe("JsonRowSplitter", () => {
  it("splits {rows: [...]} and bare lists into element texts with their lines, whatever the chunking", () => {
    expect(everyCut('{"ROWS": [\n{"a": "x]}\\"é"},\n  [1, {"b": 2}] , 3, "s", null\n]}\n')).toEqual([
      '2:{"a": "x]}\\"é"}',
      '3:[1, {"b": 2}]',
      "3:3",
      '3:"s"',
      "3:null",
    ]);
    expect(everyCut("[ ]")).toEqual([]);
    expect(everyCut('{"meta": {"x": [1]}, "rows": [{"a": 1}], "z": 2}', { rowsKey: "any" })).toEqual([
      '1:{"a": 1}',
    ]);
  });

  it("checks the structure around the rows: root, rows key, commas, trailing text, truncation", () => {
    expect(err(everyCut('{"data": []}'))).toBe(
      "rowsKey: invalid JSON format, the root key should be 'rows', but get 'data' @1",
    );
    expect(err(everyCut('{"data": []}', { rowsKey: "any" }))).toBe(
      "rowsKey: invalid JSON format, the root object has no 'rows' list @1",
    );
    expect(err(everyCut("id,vec"))).toBe(
      "start: invalid JSON format, the content should be started with '{' or '[' @1",
    );
    expect(err(everyCut('{"rows": 5}'))).toBe(
      "rowsNotList: invalid JSON format, rows list should begin with '[' @1",
    );
    expect(err(everyCut("[1\n 2]"))).toBe(
      "syntax: invalid JSON format, expected ',' or ']' after a row, got '2' @2",
    );
    expect(err(everyCut("[1,]"))).toBe("syntax: invalid JSON format, expected a row, got ']' @1");
    expect(err(everyCut("[1] x"))).toBe("syntax: invalid JSON format, text after the end of the document @1");
    expect(err(everyCut('{"rows": [{"a": 1}'))).toBe("syntax: unexpected end of JSON input @1");
    expect(err(everyCut('{"rows": [], "z": tru}', { rowsKey: "any" }))).toMatch(/^syntax: invalid JSON/);
  });
});
