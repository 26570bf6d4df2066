/**
 * Serves the app's route handlers over real loopback HTTP, in-process, so the real SDKs (alipay-sdk,
 * wechatpay-node-v3) and real notification deliveries can talk to them while the test keeps its own
 * database. PUBLIC_BASE_URL is pointed at it, so the callback and cashier URLs the app hands out work.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dispatch } from "./api";
import { sendWebResponse, toWebRequest } from "./node-http";
import { resetConfigForTests } from "../../lib/config";
import { stampSocketAddress } from "../../lib/api/client-address";

export type AppServer = { base: string; close(): Promise<void> };

export async function startAppServer(): Promise<AppServer> {
  let base = "";
  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        // As scripts/web-server.ts does in production: the app learns the socket's address from us alone.
        stampSocketAddress(req.headers, req.socket.remoteAddress);
        await sendWebResponse(res, await dispatch(await toWebRequest(req, base)));
      } catch (error) {
        res.writeHead(500).end(String(error));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.PUBLIC_BASE_URL = base;
  resetConfigForTests();
  return { base, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
