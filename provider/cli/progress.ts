/**
 * Progress on stderr: cli-progress bars on a terminal, plain throttled lines otherwise (CI logs,
 * pipes, --json runs), so logs stay readable and machine output on stdout stays clean.
 */
import type { Output } from "./output";

export interface ProgressTask {
  /** Sets the current value (rows, bytes or percent). */
  update(value: number, total?: number): void;
  /** Ends the task with a final line. */
  done(message?: string): void;
}

export type Unit = "rows" | "bytes" | "%";

const fmtBytes = (n: number) =>
  n >= 1 << 30
    ? `${(n / 2 ** 30).toFixed(2)} GiB`
    : n >= 1 << 20
      ? `${(n / 2 ** 20).toFixed(1)} MiB`
      : n >= 1024
        ? `${(n / 1024).toFixed(1)} KiB`
        : `${n} B`;

export function formatAmount(value: number, unit: Unit): string {
  if (unit === "bytes") return fmtBytes(value);
  if (unit === "%") return `${Math.round(value)}%`;
  return `${value} rows`;
}

export class Progress {
  constructor(
    private readonly out: Output,
    /** Draw bars (stderr is a TTY and --no-progress was not given). */
    readonly bars: boolean,
    /** Plain lines at most this often per task (ms). */
    private readonly lineIntervalMs = 1000,
  ) {}

  line(message: string): void {
    this.out.log(message);
  }

  task(label: string, unit: Unit, total: number): ProgressTask {
    return this.bars ? this.barTask(label, unit, total) : this.lineTask(label, unit, total);
  }

  private lineTask(label: string, unit: Unit, initialTotal: number): ProgressTask {
    let total = initialTotal;
    let last = 0;
    let lastText = "";
    const emit = (value: number) => {
      const text =
        unit === "%"
          ? `${label}: ${formatAmount(value, unit)}`
          : `${label}: ${formatAmount(value, unit)} of ${formatAmount(total, unit)}`;
      if (text === lastText) return;
      lastText = text;
      this.out.log(text);
    };
    return {
      update: (value, t) => {
        if (t !== undefined) total = t;
        const now = Date.now();
        if (now - last < this.lineIntervalMs && value < total) return;
        last = now;
        emit(value);
      },
      done: (message) => this.out.log(`${label}: ${message ?? "done"}`),
    };
  }

  private barTask(label: string, unit: Unit, total: number): ProgressTask {
    const { SingleBar, Presets } = require("cli-progress") as typeof import("cli-progress");
    const stream = this.out.io.stderr as unknown as NodeJS.WritableStream;
    const bar = new SingleBar(
      {
        stream,
        format: `${label} [{bar}] {percentage}% | {amount}`,
        hideCursor: true,
        clearOnComplete: false,
        noTTYOutput: false,
      },
      Presets.shades_classic,
    );
    const amount = (v: number, t: number) =>
      unit === "%" ? formatAmount(v, unit) : `${formatAmount(v, unit)} / ${formatAmount(t, unit)}`;
    let t = total;
    bar.start(Math.max(t, 1), 0, { amount: amount(0, t) });
    return {
      update: (value, newTotal) => {
        if (newTotal !== undefined && newTotal !== t) {
          t = newTotal;
          bar.setTotal(Math.max(t, 1));
        }
        bar.update(value, { amount: amount(value, t) });
      },
      done: (message) => {
        bar.stop();
        if (message) this.out.log(`${label}: ${message}`);
      },
    };
  }
}
