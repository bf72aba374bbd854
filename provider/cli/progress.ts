/**
 * Progress on stderr: cli-progress bars on a terminal (amount, rate and ETA, updated per batch or per
 * part), plain lines otherwise (CI logs, pipes, --json runs): one line when a stage ends, plus a
 * heartbeat line at most once a minute while a long stage runs, so logs stay short and machine output
 * on stdout stays clean.
 */
import type { Output } from "./output";

export interface ProgressTask {
  /** Sets the current value (rows, bytes or percent); `total` when it becomes known or changes. */
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

/** "12,300 rows/s", "85.2 MiB/s"; empty for percentages (a job's rate means nothing to the reader). */
function formatRate(value: number, elapsedMs: number, unit: Unit): string {
  if (unit === "%" || elapsedMs <= 0) return "";
  const perSecond = (value * 1000) / elapsedMs;
  return unit === "bytes" ? `${fmtBytes(Math.round(perSecond))}/s` : `${Math.round(perSecond)} rows/s`;
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export class Progress {
  constructor(
    private readonly out: Output,
    /** Draw bars (stderr is a TTY and --no-progress was not given). */
    readonly bars: boolean,
    /** Plain mode: a heartbeat line at most this often while a task runs (ms). */
    private readonly heartbeatMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  line(message: string): void {
    this.out.log(message);
  }

  task(label: string, unit: Unit, total: number): ProgressTask {
    return this.bars ? this.barTask(label, unit, total) : this.lineTask(label, unit, total);
  }

  private lineTask(label: string, unit: Unit, initialTotal: number): ProgressTask {
    let total = initialTotal;
    let value = 0;
    const started = this.now();
    let last = started;
    const describe = () => {
      const elapsed = this.now() - started;
      const rate = formatRate(value, elapsed, unit);
      const amount =
        unit === "%"
          ? formatAmount(value, unit)
          : `${formatAmount(value, unit)} of ${formatAmount(total, unit)}`;
      return { amount, elapsed, rate };
    };
    return {
      update: (v, t) => {
        value = v;
        if (t !== undefined) total = t;
        const now = this.now();
        if (now - last < this.heartbeatMs) return;
        last = now;
        const d = describe();
        this.out.log(`${label}: ${d.amount}${d.rate ? ` (${d.rate})` : ""}`);
      },
      done: (message) => {
        const d = describe();
        const stats = [formatDuration(d.elapsed), d.rate].filter(Boolean).join(", ");
        this.out.log(`${label}: ${message ?? d.amount} (${stats})`);
      },
    };
  }

  private barTask(label: string, unit: Unit, total: number): ProgressTask {
    const { SingleBar, Presets } = require("cli-progress") as typeof import("cli-progress");
    const stream = this.out.io.stderr as unknown as NodeJS.WritableStream;
    const format =
      unit === "%"
        ? `${label} [{bar}] {percentage}% | ETA {eta_formatted}`
        : `${label} [{bar}] {percentage}% | {amount} | {rate} | ETA {eta_formatted}`;
    const bar = new SingleBar(
      {
        stream,
        format,
        hideCursor: true,
        clearOnComplete: false,
        noTTYOutput: false,
        etaBuffer: 20,
        // Redraw often enough for a per-batch bar, not on every row.
        fps: 10,
      },
      Presets.shades_classic,
    );
    const started = this.now();
    const payload = (v: number, t: number) => ({
      amount: `${formatAmount(v, unit)} / ${formatAmount(t, unit)}`,
      rate: formatRate(v, this.now() - started, unit) || "-",
    });
    let t = total;
    bar.start(Math.max(t, 1), 0, payload(0, t));
    return {
      update: (value, newTotal) => {
        if (newTotal !== undefined && newTotal !== t) {
          t = newTotal;
          bar.setTotal(Math.max(t, 1));
        }
        bar.update(value, payload(value, t));
      },
      done: (message) => {
        bar.stop();
        const elapsed = this.now() - started;
        if (message) this.out.log(`${label}: ${message} (${formatDuration(elapsed)})`);
      },
    };
  }
}
