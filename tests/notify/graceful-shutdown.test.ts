/**
 * SIGTERM is how an orchestrator (systemd, Kubernetes, docker stop, `npm start`'s supervisor) asks the
 * worker to go: a delivery in flight must finish and be recorded once, not be cut off and sent again.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { call } from "../helpers/api";
import { newGoods, newMerchant } from "../helpers/fixtures";
import { createOrder, waitFor } from "../helpers/payments";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver";
import { groupExited, signalGroup, startWorkerProcess } from "../helpers/worker-process";

let receiver: Receiver;
let app: AppServer;
beforeAll(async () => {
  receiver = await startReceiver();
  app = await startAppServer();
});
afterAll(async () => {
  await app?.close();
  await receiver?.close();
});

describe("graceful shutdown", () => {
  it("SIGTERM during a slow delivery: the worker finishes it, records it once and exits 0", async () => {
    const m = await newMerchant("Draining shop");
    const goods = await newGoods(m.testSecretKey, { price: 1, notifyUrls: { orderCreated: `${receiver.url}/slow` } });
    receiver.respond = () => ({ status: 200, body: "ok", delayMs: 3000 });

    const worker = startWorkerProcess();
    let code: number | null = null;
    worker.once("exit", (c) => (code = c));
    try {
      const order = (await createOrder({ ...m, goodsId: goods.id }, "wechat_h5")).body;
      expect(order.id).toMatch(/^ord_/);
      // The request is in flight at the receiver; the answer comes 3 s later.
      const first = await waitFor(async () => receiver.received.find((r) => r.path === "/hooks/slow"), 30_000);
      const signalledAt = Date.now();
      signalGroup(worker, "SIGTERM");
      await groupExited(worker, 25_000);
      expect(code).toBe(0);
      // It waited for the answer rather than dropping the attempt.
      expect(Date.now() - signalledAt).toBeGreaterThan(2000);

      expect(new Webhook(m.webhookSecret).verify(first.body, first.headers)).toMatchObject({ type: "order.created" });
      const detail = await call("GET", `/api/v1/events/${first.id}`, { key: m.testSecretKey });
      expect(detail.body.deliveries).toHaveLength(1);
      expect(detail.body.deliveries[0]).toMatchObject({ status: "succeeded" });
      expect(detail.body.deliveries[0].attempts, JSON.stringify(detail.body.deliveries[0].attempts)).toHaveLength(1);
      expect(receiver.received.filter((r) => r.id === first.id)).toHaveLength(1);
    } finally {
      signalGroup(worker, "SIGKILL");
    }
  }, 90_000);

  it("a SIGTERM that finds the worker's event loop busy still lets it finish the delivery and exit 0", async () => {
    // tsx's command runs a script in a second node process and SIGKILLs it, exiting 143, when it does
    // not answer the signal relay within about 60 ms: a loaded worker lost its in-flight delivery
    // (CI saw it). The worker now runs as one node process with tsx's loader (scripts/lib/ts-process.ts).
    const m = await newMerchant("Busy drain shop");
    const goods = await newGoods(m.testSecretKey, { price: 1, notifyUrls: { orderCreated: `${receiver.url}/busy` } });
    receiver.respond = () => ({ status: 200, body: "ok", delayMs: 3000 });
    const stallFile = path.join(os.tmpdir(), `payrelay-stall-${process.pid}-${Date.now()}`);

    const worker = startWorkerProcess({
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${pathToFileURL(path.join(import.meta.dirname, "../helpers/stall-on-signal-file.mjs")).href}`,
      STALL_FILE: stallFile,
      STALL_SCRIPT: "worker/index.ts",
      STALL_MS: "1500",
    });
    let code: number | null | undefined;
    worker.once("exit", (c) => (code = c));
    try {
      await createOrder({ ...m, goodsId: goods.id }, "wechat_h5");
      const first = await waitFor(async () => receiver.received.find((r) => r.path === "/hooks/busy"), 30_000);
      fs.writeFileSync(stallFile, "");
      await sleep(300); // the worker polls for the file every 10 ms: it is now blocked for another 1.2 s
      signalGroup(worker, "SIGTERM");
      await groupExited(worker, 25_000);
      expect(code).toBe(0);

      const detail = await call("GET", `/api/v1/events/${first.id}`, { key: m.testSecretKey });
      expect(detail.body.deliveries[0]).toMatchObject({ status: "succeeded" });
      expect(detail.body.deliveries[0].attempts).toHaveLength(1);
      expect(receiver.received.filter((r) => r.id === first.id)).toHaveLength(1);
    } finally {
      signalGroup(worker, "SIGKILL");
      fs.rmSync(stallFile, { force: true });
    }
  }, 90_000);

  it("a SIGTERM while the worker is still starting waits for the start, then stops cleanly with exit 0", async () => {
    // The first queues take jobs while the rest are still being set up; the signal handlers used to
    // come only once everything had started, so a SIGTERM then killed the process outright.
    // Here MySQL answers the worker only after 3 s (a delaying proxy), holding its start there.
    const db = new URL(process.env.DATABASE_URL!);
    const mysqlAt = { port: Number(db.port || 3306), host: db.hostname };
    const connected: net.Socket[] = [];
    const proxy = net.createServer((socket) => {
      connected.push(socket);
      socket.on("error", () => {});
      setTimeout(() => {
        const upstream = net.connect(mysqlAt.port, mysqlAt.host);
        upstream.on("error", () => socket.destroy());
        socket.pipe(upstream).pipe(socket);
      }, 3000);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    db.host = `127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;

    const worker = startWorkerProcess({ DATABASE_URL: db.toString() });
    let code: number | null | undefined;
    let signal: NodeJS.Signals | null | undefined;
    worker.once("exit", (c, s) => ((code = c), (signal = s)));
    try {
      await waitFor(async () => connected.length > 0, 30_000);
      signalGroup(worker, "SIGTERM");
      await groupExited(worker, 25_000);
      expect({ code, signal }).toEqual({ code: 0, signal: null });
    } finally {
      signalGroup(worker, "SIGKILL");
      for (const socket of connected) socket.destroy();
      proxy.close();
    }
  }, 60_000);
});
