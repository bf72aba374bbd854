/** Command-line options shared by the bench scripts: `--name value` pairs (--help: see usage.ts). */

export function numberArg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return def;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v)) throw new Error(`--${name} needs a number, got ${process.argv[i + 1]}`);
  return v;
}

export function listArg(name: string, def: string[]): string[] {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? "").split(",").filter(Boolean) : def;
}
