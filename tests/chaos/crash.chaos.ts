/**
 * The crash test of issue 11 ("Prove it"): payrelay started the way `npm start` starts it — web and
 * worker as separate process groups (tests/chaos/app-processes.ts) — takes a few hundred test-mode
 * payments through the sandbox while the test SIGKILLs the worker twice and the web once, restarting
 * each. Then money and notifications are counted:
 * - every order the buyer paid at the channel is paid, with exactly one `order.paid` event, and the
 *   merchant's receiver got exactly one distinct `order.paid` webhook-id for it;
 * - every event with a target reached the receiver at least once (webhook-id set), signed;
 * - no order is pending past its expiry; no order the buyer did not pay is paid;
 * - no transition happened twice: per order one `order.created`, at most one `order.paid` and one
 *   `order.closed`, matching its final state.
 * Size: CHAOS_PAYMENTS (default 300). Run with `npm run chaos`; `npm test` runs it after Playwright.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppProcesses, freePort, runEnv, type Role } from "./app-processes";
import { Client, openShops, plan, runPurchase } from "./shopper";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver";
import { receiverAnswers, settleAndVerify } from "./verify";
import { resetConfigForTests } from "../../lib/config";

const PAYMENTS = Number(process.env.CHAOS_PAYMENTS ?? 300);
const CONCURRENCY = Number(process.env.CHAOS_CONCURRENCY ?? 8);
/** Provider and webhook retry schedules run 60× faster: a minute is a second. Order expiry does not scale. */
const TIME_SCALE = "60";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let app: AppProcesses;
let receiver: Receiver;
const secrets = new Map<string, string>(); // receiver path → the merchant's webhook secret

beforeAll(async () => {
  receiver = await startReceiver("/hooks");
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // The app's callback and cashier URLs point at the chaos web; createMerchant below provisions
  // sandbox credentials with them, so this process must see the same value.
  process.env.PUBLIC_BASE_URL = base;
  resetConfigForTests();
  app = new AppProcesses(
    runEnv(base, {
      PORT: String(port),
      NOTIFY_ALLOW_PRIVATE_HOSTS: "1",
      SANDBOX_ENABLED: "1",
      TIME_SCALE,
      METRICS_TOKEN: "chaos-metrics-token-chaos-metrics",
      WORKER_METRICS_PORT: String(await freePort()),
      // Hundreds of payments from one address with one publishable key: the API's rate budgets
      // (docs/api.md "Rate limits") would refuse most of them; this run is about crashes.
      RATE_LIMIT_TEST_PER_SECOND: "1000000",
      RATE_LIMIT_PUBLISHABLE_PER_MINUTE: "1000000",
    }),
    base,
  );
  await Promise.all([app.start("web"), app.start("worker")]);
}, 180_000);

afterAll(async () => {
  await app?.stopAll();
  await receiver?.close();
}, 60_000);

type Kill = { role: Role; atDone: number; done?: number; inFlight?: number; downMs?: number };

describe("process-level chaos", () => {
  it(`${PAYMENTS} payments while the worker is SIGKILLed twice and the web once: no payment or notification lost, none doubled`, async () => {
    receiverAnswers(receiver);
    const runId = randomBytes(4).toString("hex");
    const shops = await openShops(["Chaos shop A", "Chaos shop B"], new Client(app.base), receiver, secrets, `chaos-${runId}`);

    const purchases = plan(PAYMENTS);
    const client = new Client(app.base);
    const started = Date.now();
    let next = 0;
    let done = 0;
    let inFlight = 0;
    const failures: string[] = [];

    // The kills land at fixed points of progress, whatever the machine's speed, with purchases in flight.
    const kills: Kill[] = [
      { role: "worker", atDone: Math.round(PAYMENTS * 0.3) },
      { role: "web", atDone: Math.round(PAYMENTS * 0.5) },
      { role: "worker", atDone: Math.round(PAYMENTS * 0.7) },
    ];
    // The worker's kills and the web's run side by side, each role's in order. The last purchases
    // wait for the kills, so every kill lands with traffic still flowing.
    const chaos = Promise.all(
      (["worker", "web"] as const).map(async (role) => {
        for (const k of kills.filter((x) => x.role === role)) {
          while (done < k.atDone) await sleep(20);
          k.done = done;
          k.inFlight = inFlight;
          const down = Date.now();
          await app.kill(role);
          // The worker stays down a moment (its jobs pile up); the web is restarted at once.
          if (role === "worker") await sleep(1_500);
          await app.start(role);
          k.downMs = Date.now() - down;
        }
      }),
    );
    chaos.catch(() => {}); // awaited below; a failed restart must not count as an unhandled rejection first
    const gate = Math.round(PAYMENTS * 0.85);
    const killsFired = () => kills.every((k) => k.done !== undefined);

    const shopper = async () => {
      for (;;) {
        const p = purchases[next++];
        if (!p) return;
        while (p.n >= gate && !killsFired()) await sleep(20);
        inFlight++;
        try {
          await runPurchase(client, shops[p.n % shops.length]!, p, runId);
        } catch (error) {
          failures.push(String(error));
        } finally {
          inFlight--;
          done++;
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, shopper));
    await chaos;
    const trafficMs = Date.now() - started;
    expect(failures, failures.join("\n")).toEqual([]);

    // Every kill happened before the traffic ended (the gate above); the web's with requests in flight.
    for (const k of kills) expect(k.done, `${k.role} kill came too late`).toBeLessThan(PAYMENTS);
    expect(kills.find((k) => k.role === "web")!.inFlight, "web killed with nothing in flight").toBeGreaterThan(0);
    expect(app.kills).toEqual({ web: 1, worker: 2 });

    await settleAndVerify({
      label: "chaos",
      purchases,
      shops,
      receiver,
      secrets,
      client,
      started,
      trafficMs,
      summary: () =>
        `kills ${kills.map((k) => `${k.role}@${k.done}/${PAYMENTS} (${k.inFlight} in flight, back in ${((k.downMs ?? 0) / 1000).toFixed(1)} s)`).join(", ")}`,
    });
  }, 15 * 60_000);
});
