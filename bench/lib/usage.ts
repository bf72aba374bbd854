/**
 * `--help` for the benchmark scripts: prints the script's usage and exits before any work starts
 * (a benchmark takes minutes and writes its results). Call it first thing at module level.
 */
export function answerHelp(usage: string): void {
  const argv = process.argv.slice(2);
  if (!argv.includes("--help") && !argv.includes("-h")) return;
  process.stdout.write(`${usage.trim()}\n`);
  process.exit(0);
}
