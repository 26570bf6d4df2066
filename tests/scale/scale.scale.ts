/**
 * The scale-out test of issue 18 (`npm run scale-test`; a CI-sized run in `npm test`): payrelay as
 * two web processes behind a round-robin proxy (tests/scale/round-robin.ts, which also sends every
 * channel callback to both webs) and two worker processes, on one MariaDB and one Redis, each started
 * the way `npm run start:web` / `start:worker` start them. A few thousand test-mode payments go
 * through the sandbox while one worker is SIGKILLed halfway and not brought back. Then:
 * - every order transitioned exactly once and every event reached the merchant at least once, with
 *   one webhook-id (tests/chaos/verify.ts, the crash test's accounting);
 * - each periodic sweep ran on one worker at a time (the workers' logs of when each held its lock);
 * - idempotency and rate-limit state is shared: the same Idempotency-Key sent to both webs at once
 *   makes one order, and a per-address budget of N is N across both webs, not N per process;
 * - a key revoked by another process is refused by both webs within a second (their key caches).
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { AppProcesses, freePort, runEnv } from "../chaos/app-processes";
import { Client, openShops, plan, runPurchase } from "../chaos/shopper";
import { receiverAnswers, settleAndVerify } from "../chaos/verify";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver";
import { startRoundRobin, type RoundRobin } from "./round-robin";
import { createMerchant } from "../../lib/merchants/merchants";
import { resolveApiKey, revokeApiKey } from "../../lib/api-keys/api-keys";
import { resetConfigForTests } from "../../lib/config";
import { db } from "../../lib/db/client";
import { orders } from "../../lib/db/schema";

const PAYMENTS = Number(process.env.SCALE_PAYMENTS ?? 2000);
const CONCURRENCY = Number(process.env.SCALE_CONCURRENCY ?? 16);
/** Creations per minute per client address with a publishable key, on both webs. */
const ADDRESS_BUDGET = 30;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let app: AppProcesses;
let receiver: Receiver;
let proxy: RoundRobin;
const secrets = new Map<string, string>();

beforeAll(async () => {
  receiver = await startReceiver("/hooks");
  const [proxyPort, web1, web2, m1, m2] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const base = `http://127.0.0.1:${proxyPort}`;
  process.env.PUBLIC_BASE_URL = base;
  resetConfigForTests();
  const workerEnv = (metricsPort: number) => ({ WORKER_METRICS_PORT: String(metricsPort), LOG_LEVEL: "debug" });
  app = new AppProcesses(
    runEnv(base, {
      NOTIFY_ALLOW_PRIVATE_HOSTS: "1",
      SANDBOX_ENABLED: "1",
      TIME_SCALE: "60",
      METRICS_TOKEN: "scale-metrics-token-scale-metrics",
      RATE_LIMIT_TEST_PER_SECOND: "1000000",
      RATE_LIMIT_PUBLISHABLE_PER_MINUTE: String(ADDRESS_BUDGET),
    }),
    base,
    {
      web1: { role: "web", env: { PORT: String(web1) }, base: `http://127.0.0.1:${web1}` },
      web2: { role: "web", env: { PORT: String(web2) }, base: `http://127.0.0.1:${web2}` },
      worker1: { role: "worker", env: workerEnv(m1) },
      worker2: { role: "worker", env: workerEnv(m2) },
    },
    true,
  );
  proxy = await startRoundRobin(proxyPort, [
    { name: "web1", port: web1 },
    { name: "web2", port: web2 },
  ]);
  // One at a time: both webs would otherwise race to migrate (a lock makes that safe, but slow to read in a failure).
  await app.start("web1");
  await Promise.all([app.start("web2"), app.start("worker1"), app.start("worker2")]);
}, 240_000);

afterAll(async () => {
  await app?.stopAll();
  await proxy?.close();
  await receiver?.close();
}, 60_000);

type SweepRun = { worker: string; sweep: string; start: number; end: number };

/** When each worker held each sweep's lock, from its debug log (worker/workers.ts "sweep ran"). */
function sweepRuns(): SweepRun[] {
  const runs: SweepRun[] = [];
  for (const worker of ["worker1", "worker2"]) {
    for (const line of app.lines[worker] ?? []) {
      if (!line.includes('"sweep ran"')) continue;
      // The supervisor prefixes each line with the process name ("[worker] {…}").
      const entry = JSON.parse(line.slice(line.indexOf("{"))) as { sweep: string; startedAt: string; finishedAt: string };
      runs.push({ worker, sweep: entry.sweep, start: Date.parse(entry.startedAt), end: Date.parse(entry.finishedAt) });
    }
  }
  return runs;
}

describe("scale-out: two web and two worker processes on one MariaDB and one Redis", () => {
  it(`${PAYMENTS} payments, callbacks duplicated across webs, a worker SIGKILLed: once each, shared state`, async () => {
    receiverAnswers(receiver);
    const runId = randomBytes(4).toString("hex");
    const shops = await openShops(["Scale shop A", "Scale shop B"], new Client(proxy.base), receiver, secrets, `scale-${runId}`);

    const purchases = plan(PAYMENTS);
    const client = new Client(proxy.base);
    const started = Date.now();
    let next = 0;
    let done = 0;
    const failures: string[] = [];
    const kill = { atDone: Math.round(PAYMENTS * 0.5), done: undefined as number | undefined };
    const killer = (async () => {
      while (done < kill.atDone) await sleep(20);
      kill.done = done;
      await app.kill("worker2");
    })();
    killer.catch(() => {});
    const gate = Math.round(PAYMENTS * 0.85);
    const shopper = async () => {
      for (;;) {
        const p = purchases[next++];
        if (!p) return;
        while (p.n >= gate && kill.done === undefined) await sleep(20);
        try {
          await runPurchase(client, shops[p.n % shops.length]!, p, runId);
        } catch (error) {
          failures.push(String(error));
        } finally {
          done++;
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, shopper));
    await killer;
    const trafficMs = Date.now() - started;
    expect(failures, failures.join("\n")).toEqual([]);
    expect(app.kills.worker2).toBe(1);
    expect(kill.done).toBeLessThan(PAYMENTS);

    // Shared state, probed on a merchant of its own (no notify URLs, nothing for verify to count).
    const probe = await createMerchant({ email: `scale-${runId}-probe@example.com`, password: "a long enough passphrase", name: "Probe" });
    const direct = { web1: new Client(app.baseOf("web1")), web2: new Client(app.baseOf("web2")) };
    const probeGoods = await direct.web1.send("POST", "/api/v1/goods", { key: probe.testSecretKey, json: { name: "Probe goods", price: 100 } });
    expect(probeGoods.status).toBe(201);
    const goodsId = String(probeGoods.body.id);

    // The same Idempotency-Key at both webs at once: one order, the same answer (or "in progress", then the same answer).
    for (let i = 0; i < 20; i++) {
      const body = { goodsId, quantity: 1, channel: "alipay_h5", buyerId: `idem-${i}`, attach: `idem-${runId}-${i}` };
      const send = (c: Client) => c.send("POST", "/api/v1/orders", { key: probe.testSecretKey, json: body, idempotencyKey: `idem-${runId}-${i}` });
      let answers: Awaited<ReturnType<typeof send>>[] = await Promise.all([send(direct.web1), send(direct.web2)]);
      for (let tries = 0; answers.some((a) => a.status === 409) && tries < 50; tries++) {
        await sleep(100);
        answers = await Promise.all(answers.map((a, k) => (a.status === 409 ? send(k === 0 ? direct.web1 : direct.web2) : a)));
      }
      expect(answers.map((a) => a.status)).toEqual([201, 201]);
      expect(answers[0]!.body.id).toBe(answers[1]!.body.id);
      const made = await db().select({ id: orders.id }).from(orders).where(and(eq(orders.merchantId, probe.merchantId), eq(orders.attach, body.attach)));
      expect(made).toHaveLength(1);
    }

    // A per-address budget of ADDRESS_BUDGET creations a minute is one budget across both webs.
    const budgetStart = Date.now();
    const created = await Promise.all(
      Array.from({ length: ADDRESS_BUDGET * 2 }, (_, i) =>
        (i % 2 === 0 ? direct.web1 : direct.web2).send("POST", "/api/v1/orders", {
          key: probe.testPublishableKey,
          json: { goodsId, quantity: 1, channel: "alipay_h5", buyerId: `rl-${i}` },
        }),
      ),
    );
    const budgetSeconds = (Date.now() - budgetStart) / 1000;
    const allowed = created.filter((c) => c.status === 201).length;
    expect(created.filter((c) => c.status !== 201).every((c) => c.status === 429)).toBe(true);
    // The budget refills one creation per 60/ADDRESS_BUDGET s while the burst runs; split per process it would allow all of them.
    expect(allowed).toBeGreaterThanOrEqual(ADDRESS_BUDGET);
    expect(allowed).toBeLessThanOrEqual(ADDRESS_BUDGET + Math.ceil(budgetSeconds / (60 / ADDRESS_BUDGET)) + 1);

    // A revoked key is refused by both webs within a second: each caches keys in memory, and the
    // revocation (made here, a third process) reaches them over Redis (lib/cache, issue 16).
    const someOrder = `/api/v1/orders/${String(created.find((c) => c.status === 201)!.body.id)}`;
    for (const c of [direct.web1, direct.web2]) expect((await c.send("GET", someOrder, { key: probe.testPublishableKey })).status).toBe(200);
    const resolved = await resolveApiKey(probe.testPublishableKey);
    expect(await revokeApiKey(probe.merchantId, resolved!.keyId)).toBe(true);
    const revokedAt = Date.now();
    const refusedAfter: Record<string, number> = {};
    while (Object.keys(refusedAfter).length < 2 && Date.now() - revokedAt < 5000) {
      for (const [name, c] of Object.entries(direct)) {
        if (refusedAfter[name] === undefined && (await c.send("GET", someOrder, { key: probe.testPublishableKey })).status === 401) refusedAfter[name] = Date.now() - revokedAt;
      }
    }
    expect(refusedAfter.web1, "web1 refused the revoked key within 1 s").toBeLessThan(1000);
    expect(refusedAfter.web2, "web2 refused the revoked key within 1 s").toBeLessThan(1000);

    await settleAndVerify({
      label: "scale",
      purchases,
      shops,
      receiver,
      secrets,
      client,
      started,
      trafficMs,
      summary: () =>
        `2 webs (${Object.entries(proxy.served).map(([k, v]) => `${k} ${v} requests`).join(", ")}; ${proxy.callbacksDuplicated} callbacks sent to both), ` +
        `2 workers (worker2 SIGKILLed at ${kill.done}/${PAYMENTS}); rate budget: ${allowed} of ${ADDRESS_BUDGET * 2} allowed in ${budgetSeconds.toFixed(1)} s; ` +
        `revoked key refused by web1 after ${refusedAfter.web1} ms, web2 after ${refusedAfter.web2} ms`,
    });

    // Both webs served, and callbacks reached both, answered by each web server itself rather than
    // through Next's router (lib/api/direct-callbacks.ts, handed over by instrumentation.ts).
    expect(proxy.served.web1).toBeGreaterThan(0);
    expect(proxy.served.web2).toBeGreaterThan(0);
    expect(proxy.callbacksDuplicated).toBeGreaterThan(0);
    for (const web of ["web1", "web2"]) expect(app.lines[web]!.join("\n"), web).toContain("channel callbacks answered directly");

    // Each sweep ran on one worker at a time: per sweep kind, no two lock holdings overlap.
    const runs = sweepRuns();
    expect(runs.filter((r) => r.sweep === "orders-expire").length, "the expiry sweep ran").toBeGreaterThan(1);
    for (const kind of new Set(runs.map((r) => r.sweep))) {
      const ofKind = runs.filter((r) => r.sweep === kind).sort((a, b) => a.start - b.start);
      for (let i = 1; i < ofKind.length; i++) {
        const [a, b] = [ofKind[i - 1]!, ofKind[i]!];
        expect(b.start, `${kind}: ${a.worker} held it until ${new Date(a.end).toISOString()}, ${b.worker} took it at ${new Date(b.start).toISOString()}`).toBeGreaterThanOrEqual(a.end);
      }
    }
    // A SIGTERM stops every process cleanly and soon: each web drains and closes the keep-alive
    // connections of the proxy and the clients (before the fix, an open connection held a web until
    // its supervisor killed it 20 s later), each worker finishes its jobs.
    await app.stopAll();
    for (const name of ["web1", "web2", "worker1"]) {
      expect(app.stopMs[name], `${name} stopped on SIGTERM`).toBeLessThan(15_000);
      expect(app.output(name)).not.toContain("did not stop");
    }
    console.log(`scale: stopped on SIGTERM in ${Object.entries(app.stopMs).map(([k, v]) => `${k} ${v} ms`).join(", ")}`);
    console.log(`scale: sweeps ${[...new Set(runs.map((r) => r.sweep))].map((k) => `${k} ×${runs.filter((r) => r.sweep === k).length} (${[...new Set(runs.filter((r) => r.sweep === k).map((r) => r.worker))].join("+")})`).join(", ")}`);
  }, 30 * 60_000);
});
