/**
 * Serves the app's route handlers over real loopback HTTP, in-process, so the real SDKs (alipay-sdk,
 * wechatpay-node-v3) and real notification deliveries can talk to them while the test keeps its own
 * database. PUBLIC_BASE_URL is pointed at it, so the callback and cashier URLs the app hands out work.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dispatch } from "./api";
import { resetConfigForTests } from "../../lib/config";

export type AppServer = { base: string; close(): Promise<void> };

export async function startAppServer(): Promise<AppServer> {
  let base = "";
  const server: Server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === "string") headers.set(k, v);
        else if (Array.isArray(v)) for (const item of v) headers.append(k, item);
      }
      const method = req.method ?? "GET";
      const request = new Request(new URL(req.url ?? "/", base), {
        method,
        headers,
        body: method === "GET" || method === "HEAD" ? undefined : Buffer.concat(chunks),
      });
      try {
        const response = await dispatch(request);
        const out: Record<string, string> = {};
        response.headers.forEach((v, k) => (out[k] = v));
        res.writeHead(response.status, out);
        res.end(Buffer.from(await response.arrayBuffer()));
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
