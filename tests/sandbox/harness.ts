import { createServer, type Server } from "node:http";
import { sendWebResponse, toWebRequest } from "../helpers/node-http";
import type { AddressInfo } from "node:net";
import { handleAlipayGateway } from "@/lib/sandbox/alipay";
import { handleAlipayV3 } from "@/lib/sandbox/alipay-v3";
import { ensureSandboxIdentity } from "@/lib/sandbox/provision";
import { createMemorySandboxStore, type SandboxStore } from "@/lib/sandbox/store";
import type { NotificationIntent } from "@/lib/sandbox/trades";
import { handleWechatRequest } from "@/lib/sandbox/wechatpay";

/**
 * A node:http server that turns requests into web Requests and hands them to the sandbox handlers,
 * the way the Next route handlers will. The real SDKs talk to it over loopback HTTP.
 */
export interface Harness {
  store: SandboxStore;
  base: string;
  cashierBase: string;
  enqueued: NotificationIntent[];
  close(): Promise<void>;
}

export async function startHarness(store: SandboxStore = createMemorySandboxStore()): Promise<Harness> {
  await ensureSandboxIdentity(store);
  const enqueued: NotificationIntent[] = [];
  let base = "";
  const cashierBase = "http://cashier.test";
  const options = () => ({ cashierBase, enqueue: async (n: NotificationIntent[]) => void enqueued.push(...n) });
  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        const request = await toWebRequest(req, base);
        const path = new URL(request.url).pathname;
        if (path === "/sandbox/alipay/gateway.do") return await sendWebResponse(res, await handleAlipayGateway(store, request, options()));
        if (path.startsWith("/sandbox/alipay/v3/")) {
          return await sendWebResponse(res, await handleAlipayV3(store, request, path.slice("/sandbox/alipay".length), options()));
        }
        if (path.startsWith("/sandbox/wechatpay/")) {
          return await sendWebResponse(res, await handleWechatRequest(store, request, path.slice("/sandbox/wechatpay".length), options()));
        }
        res.writeHead(404).end("not found");
      } catch (err) {
        res.writeHead(500).end(String(err));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    store,
    base,
    cashierBase,
    enqueued,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
