import { createHash, randomBytes } from "node:crypto";
import zlib from "node:zlib";
import { Crc64, crc64 } from "../../../provider/storage/crc64";
import {
  crc32Base64,
  digestSource,
  s3CompositeCrc32,
  s3MultipartEtag,
} from "../../../provider/storage/digest";

describe("CRC-64/XZ (OSS x-oss-hash-crc64ecma)", () => {
  test("standard check value for '123456789'", () => {
    expect(crc64(Buffer.from("123456789")).toString(16)).toBe("995dc9bbdf1939fa");
  });
  test("empty input is 0; incremental equals one-shot", () => {
    expect(crc64(Buffer.alloc(0))).toBe(0n);
    const data = randomBytes(100_003);
    const inc = new Crc64()
      .update(data.subarray(0, 7))
      .update(data.subarray(7, 50_000))
      .update(data.subarray(50_000));
    expect(inc.digest()).toBe(crc64(data));
    expect(inc.digestDecimal()).toBe(crc64(data).toString(10));
  });
});

describe("digestSource", () => {
  const md5 = (b: Buffer) => createHash("md5").update(b).digest();

  test("per-part MD5 and CRC32 match independent computations, including an exact multiple of the part size", async () => {
    for (const size of [0, 1, 999, 1000, 2500, 3000]) {
      const data = randomBytes(size);
      const d = await digestSource(
        { kind: "buffer", buffer: data, size },
        { partSize: 1000, md5: true, crc32: true },
      );
      const slices = [];
      for (let i = 0; i < Math.max(1, Math.ceil(size / 1000)); i++)
        slices.push(data.subarray(i * 1000, (i + 1) * 1000));
      expect(d.partCount).toBe(slices.length);
      expect(d.partMd5s).toEqual(slices.map(md5));
      expect(d.partCrc32s).toEqual(slices.map((s) => zlib.crc32(s)));
      expect(d.sha256).toBe(createHash("sha256").update(data).digest("hex"));
      expect(d.size).toBe(size);
    }
  });

  test("file sources digest the same as buffer sources", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const data = randomBytes(5 * 1024 * 1024 + 17);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pmi-digest-")), "f");
    fs.writeFileSync(file, data);
    const opts = { partSize: 1024 * 1024, md5: true, crc32: true, crc64: true };
    const a = await digestSource({ kind: "file", path: file, size: data.length }, opts);
    const b = await digestSource({ kind: "buffer", buffer: data, size: data.length }, opts);
    expect(a).toEqual(b);
    expect(a.crc64).toBe(crc64(data).toString(10));
  });

  test("S3 multipart ETag and composite CRC32 formulas", () => {
    const p1 = md5(Buffer.from("part one"));
    const p2 = md5(Buffer.from("part two"));
    expect(s3MultipartEtag([p1, p2])).toBe(
      `${createHash("md5")
        .update(Buffer.concat([p1, p2]))
        .digest("hex")}-2`,
    );
    const c1 = zlib.crc32("a");
    const c2 = zlib.crc32("b");
    const joined = Buffer.alloc(8);
    joined.writeUInt32BE(c1, 0);
    joined.writeUInt32BE(c2, 4);
    expect(s3CompositeCrc32([c1, c2])).toBe(`${crc32Base64(zlib.crc32(joined))}-2`);
    // crc32("abc") = 0x352441c2
    expect(crc32Base64(zlib.crc32("abc"))).toBe(Buffer.from("352441c2", "hex").toString("base64"));
  });
});
