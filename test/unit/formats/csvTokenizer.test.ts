import { CsvSyntaxError, CsvTokenizer } from "../../../provider/formats/csvTokenizer";

/** Records of text fed in two chunks cut at `cut`, or the syntax error. */
function tokenize(
  text: string,
  cut: number,
  sep = ",",
): { fields: string[][]; lines: number[] } | CsvSyntaxError {
  const t = new CsvTokenizer(sep);
  try {
    const recs = [...t.push(text.slice(0, cut)), ...t.push(text.slice(cut), true)];
    return { fields: recs.map((r) => r.fields), lines: recs.map((r) => r.line) };
  } catch (e) {
    if (e instanceof CsvSyntaxError) return e;
    throw e;
  }
}

/** The same result wherever the input is cut into chunks. */
function everyCut(text: string, sep = ","): ReturnType<typeof tokenize> {
  const first = tokenize(text, 0, sep);
  for (let cut = 1; cut <= text.length; cut++) expect(tokenize(text, cut, sep)).toEqual(first);
  return first;
}

describe("CsvTokenizer (Go encoding/csv rules, streaming)", () => {
  it("reads quotes, doubled quotes, embedded newlines, CRLF and empty lines the same across chunk cuts", () => {
    expect(everyCut('a,b,c\r\n1,"x, ""y""\r\nz",3\n\n\r\n4,,"6"\n7,8,\n')).toEqual({
      fields: [
        ["a", "b", "c"],
        ["1", 'x, "y"\nz', "3"],
        ["4", "", "6"],
        ["7", "8", ""],
      ],
      lines: [1, 2, 6, 7],
    });
  });

  it("keeps a lone CR as data, drops a CR right before the end, and reads a last line without LF", () => {
    expect(everyCut('a\rb,"c\rd"\r\ne,f\r')).toEqual({
      fields: [
        ["a\rb", "c\rd"],
        ["e", "f"],
      ],
      lines: [1, 2],
    });
  });

  it("takes a separator that is one non-BMP character", () => {
    expect(everyCut('a😀b\n1😀"2😀3"\n', "😀")).toEqual({
      fields: [
        ["a", "b"],
        ["1", "2😀3"],
      ],
      lines: [1, 2],
    });
  });

  it("rejects a bare quote, text after a closing quote and an unclosed quote, naming the lines", () => {
    const bare = everyCut('a,b\n1,x"y\n') as CsvSyntaxError;
    expect(bare).toBeInstanceOf(CsvSyntaxError);
    expect([bare.kind, bare.line, bare.message]).toEqual(["bareQuote", 2, 'bare " in non-quoted-field']);
    const after = everyCut('a,b\n1,"x"y\n') as CsvSyntaxError;
    expect([after.kind, after.line, after.found, after.message]).toEqual([
      "quote",
      2,
      "y",
      'extraneous or missing " in quoted-field',
    ]);
    const open = everyCut('a,b\n1,"x\ny\nz\n') as CsvSyntaxError;
    expect([open.kind, open.startLine, open.line]).toEqual(["unclosed", 2, 5]);
  });

  it("reads a record far longer than a chunk in linear time (a 4 MB quoted cell fed in 1 KB chunks)", () => {
    const cell = `[${"0.125,".repeat(700000)}1]`;
    const text = `id,vec\n1,"${cell}"\n2,"[1]"\n`;
    const t = new CsvTokenizer(",");
    const recs = [];
    let pushes = 0;
    for (let i = 0; i < text.length; i += 1024) {
      recs.push(...t.push(text.slice(i, i + 1024)));
      pushes++;
    }
    recs.push(...t.push("", true));
    expect(pushes).toBeGreaterThan(4000);
    expect(recs.map((r) => r.fields[0])).toEqual(["id", "1", "2"]);
    expect(recs[1].fields[1]).toBe(cell);
  });
});
