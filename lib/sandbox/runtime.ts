import { config } from "../config";
import { queue, QUEUES } from "../queue";
import { createMysqlSandboxStore } from "./mysql-store";
import { cashierUrl, type SandboxHandlerOptions } from "./http";
import type { SandboxStore } from "./store";
import { retrySchedule, type NotificationIntent } from "./trades";

/**
 * The running sandbox: the MySQL-backed store, the options the HTTP handlers need, and the queue
 * its notifications go out through (delivered by the worker, lib/sandbox/deliver.ts).
 */
let store: SandboxStore | undefined;

export function sandboxStore(): SandboxStore {
  store ??= createMysqlSandboxStore();
  return store;
}

export function sandboxEnabled(): boolean {
  return config().SANDBOX_ENABLED;
}

export type SandboxNotifyJob = { intent: NotificationIntent };

/** One BullMQ job per notification; BullMQ's own retries follow the provider's schedule (deliver.ts). */
export async function enqueueSandboxNotifications(intents: NotificationIntent[]): Promise<void> {
  const timeScale = config().TIME_SCALE;
  await Promise.all(
    intents.map((intent) =>
      queue<SandboxNotifyJob>(QUEUES.sandboxNotify).add(
        "notify",
        { intent },
        {
          delay: Math.round((intent.delaySeconds * 1000) / timeScale),
          attempts: 1 + retryCount(intent.provider),
          backoff: { type: "provider-schedule" },
          removeOnComplete: { age: 24 * 3600, count: 10_000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      ),
    ),
  );
}

function retryCount(provider: NotificationIntent["provider"]): number {
  return retrySchedule(provider).length;
}

export function sandboxHandlerOptions(): SandboxHandlerOptions {
  return { cashierBase: config().PUBLIC_BASE_URL, enqueue: enqueueSandboxNotifications };
}

/**
 * A cashier page's absolute URL on PUBLIC_BASE_URL, for redirects: built from the request's URL it
 * would name whatever host the serving layer forwarded to (127.0.0.1 → localhost), and the buyer's
 * cookies and the checkout's links would silently change host on the way back.
 */
export function sandboxCashierUrl(tradeId: string, query?: Record<string, string>): string {
  const search = query ? `?${new URLSearchParams(query).toString()}` : "";
  return `${cashierUrl(config().PUBLIC_BASE_URL, encodeURIComponent(tradeId))}${search}`;
}
