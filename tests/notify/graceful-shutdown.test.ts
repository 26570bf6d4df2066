/**
 * SIGTERM is how an orchestrator (systemd, Kubernetes, docker stop, `npm start`'s supervisor) asks the
 * worker to go: a delivery in flight must finish and be recorded once, not be cut off and sent again.
 */
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
});
