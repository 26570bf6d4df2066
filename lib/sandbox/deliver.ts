import type { Logger } from "pino";
import { config } from "../config";
import { buildSandboxNotification } from "./cashier";
import { sandboxStore, type SandboxNotifyJob } from "./runtime";
import { isAcknowledged, nextRetryDelayMs, type NotificationIntent } from "./trades";

/** WeChat waits 5 s for an answer, Alipay a little longer; past that the attempt counts as failed. */
const TIMEOUT_MS: Record<NotificationIntent["provider"], number> = { alipay: 10_000, wechatpay: 5_000 };

export class NotAcknowledgedError extends Error {}

/**
 * Sends one sandbox notification the way the provider does: re-signed at send time, no redirects
 * followed, and counted as delivered only on the provider's exact acknowledgement. Throwing makes
 * BullMQ retry on `sandboxBackoff`'s schedule.
 */
export async function deliverSandboxNotification(job: SandboxNotifyJob, attempt: number, log: Logger): Promise<void> {
  const { intent } = job;
  const n = await buildSandboxNotification(sandboxStore(), intent);
  const started = performance.now();
  let status = 0;
  let body = "";
  let error: string | undefined;
  try {
    const res = await fetch(n.url, {
      method: n.method,
      headers: n.headers,
      body: n.body,
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS[intent.provider]),
    });
    status = res.status;
    body = (await res.text()).slice(0, 1024);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const acknowledged = !error && isAcknowledged(intent.provider, status, body);
  log.info(
    { provider: intent.provider, tradeId: intent.tradeId, notificationId: intent.notificationId, attempt, status, ms: Math.round(performance.now() - started), acknowledged, error },
    "sandbox notification attempt",
  );
  if (!acknowledged) throw new NotAcknowledgedError(error ?? `not acknowledged: HTTP ${status} ${JSON.stringify(body.slice(0, 64))}`);
}

/** BullMQ custom backoff: the provider's own retry intervals, scaled by TIME_SCALE. */
export function sandboxBackoff(attemptsMade: number, job: SandboxNotifyJob): number {
  return nextRetryDelayMs(job.intent.provider, attemptsMade, config().TIME_SCALE) ?? -1;
}
