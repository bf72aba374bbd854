import { writeFloat32s } from "../../../provider/bulkwriter/numberFormat";
import { VectorText } from "../../../provider/bulkwriter/vectorText";

/** The text writeFloat32s gives for row r, as the worker-less reference. */
function reference(values: Float32Array, dim: number, r: number): string {
  const out = Buffer.alloc(dim * 17 + 2);
  const view = new DataView(out.buffer, out.byteOffset, out.length);
  const bits = new Int32Array(values.buffer, values.byteOffset, values.length);
  out[0] = 91;
  const end = writeFloat32s(out, view, 1, values, bits, r * dim, r * dim + dim);
  out[end] = 93;
  return out.toString("latin1", 0, end + 1);
}

function randomValues(n: number, seed: number): Float32Array {
  const u = new Uint32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    u[i] = s;
  }
  const f = new Float32Array(u.buffer);
  for (let i = 0; i < n; i++) if (!Number.isFinite(f[i])) f[i] = i % 3 === 0 ? -0 : (i % 1000) / 7;
  return f;
}

describe("VectorText (float vectors formatted on two threads)", () => {
  it("gives writeFloat32s's bytes for every row, across blocks, whoever formats them", async () => {
    const vt = new VectorText();
    await new Promise((r) => setTimeout(r, 300)); // let the worker start, so both threads take part
    for (const dim of [32, 768, 5000]) {
      const rows = dim === 5000 ? 300 : 1100;
      const values = randomValues(rows * dim, dim);
      const column = {};
      const bad: number[] = [];
      for (let r = 0; r < rows; r++) {
        const got = Buffer.from(vt.row(column, values, dim, r)).toString("latin1");
        if (got !== reference(values, dim, r)) bad.push(r);
      }
      expect([dim, bad]).toEqual([dim, []]);
    }
  });

  it("formats again for a new column even when its Float32Array is the same object refilled", () => {
    const vt = new VectorText();
    const dim = 64;
    const values = randomValues(10 * dim, 1);
    const first = Buffer.from(vt.row({}, values, dim, 3)).toString("latin1");
    values.set(randomValues(10 * dim, 2));
    const second = Buffer.from(vt.row({}, values, dim, 3)).toString("latin1");
    expect(first).not.toBe(second);
    expect(second).toBe(reference(values, dim, 3));
  });
});
