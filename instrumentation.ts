/**
 * Next's start-up hook (once per server process, before the first request). It hands the web
 * server (scripts/web-server.ts) the app's channel-callback handler, so callbacks are answered
 * without Next's router (lib/api/direct-callbacks.ts). Turbopack builds this hook as a module graph
 * of its own: the handler shares the process's database pools and Redis connection (they live on
 * globalThis, lib/process-shared.ts) and has caches of its own.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ inboundFromNode, registerDirectCallbacks }, { answerChannelCallback }] = await Promise.all([
    import("./lib/api/direct-callbacks"),
    import("./lib/orders/callback-answer"),
  ]);
  registerDirectCallbacks((provider, accountId, req) => answerChannelCallback(provider, accountId, inboundFromNode(req)));
}
