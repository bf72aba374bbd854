import { type Clock, TokenBucket } from "../../../provider/api/rateLimiter";

/** A manual clock: sleeping advances time instantly, so the schedule is exact. */
function fakeClock(): Clock & { t: number } {
  const c = {
    t: 0,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms;
    },
  };
  return c;
}

describe("token bucket", () => {
  test("bursts up to capacity, then paces at the rate", async () => {
    const clock = fakeClock();
    const b = new TokenBucket({ perSecond: 20, burst: 20 }, clock);
    const times: number[] = [];
    for (let i = 0; i < 60; i++) {
      await b.take();
      times.push(clock.t);
    }
    expect(times.slice(0, 20).every((t) => t === 0)).toBe(true);
    // 40 more at 20/s take 2 s.
    expect(times[59]).toBeGreaterThanOrEqual(2000);
    expect(times[59]).toBeLessThanOrEqual(2040);
    // Never more than burst+rate*window in any 1 s window.
    for (let i = 0; i < times.length; i++) {
      const inWindow = times.filter((t) => t >= times[i] && t < times[i] + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(40);
    }
    const steady = times.slice(21);
    for (let i = 1; i < steady.length; i++) expect(steady[i] - steady[i - 1]).toBeGreaterThanOrEqual(49);
  });

  test("refills while idle, capped at burst", async () => {
    const clock = fakeClock();
    const b = new TokenBucket({ perSecond: 10, burst: 5 }, clock);
    for (let i = 0; i < 5; i++) expect(b.tryTake()).toBe(true);
    expect(b.tryTake()).toBe(false);
    clock.t += 250; // 2.5 tokens
    expect(b.tryTake()).toBe(true);
    expect(b.tryTake()).toBe(true);
    expect(b.tryTake()).toBe(false);
    clock.t += 100_000;
    let n = 0;
    while (b.tryTake()) n++;
    expect(n).toBe(5);
  });

  test("an aborted waiter rejects and does not block the next", async () => {
    const b = new TokenBucket({ perSecond: 1, burst: 1 });
    await b.take();
    const ac = new AbortController();
    const waiting = b.take(ac.signal);
    ac.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
  });

  test("rejects a non-positive rate", () => {
    expect(() => new TokenBucket({ perSecond: 0 })).toThrow(/perSecond must be > 0/);
  });
});
