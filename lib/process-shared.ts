/**
 * State that is one per process, whichever module graph asks for it. Next builds the
 * instrumentation hook (instrumentation.ts, which hands the web server its callback handler:
 * lib/api/direct-callbacks.ts) as a module graph of its own, so a plain module-level `let` exists
 * once per graph: the web process held a second database pool, a second one-trip pool and a
 * second Redis connection for the callbacks alone. Connections are kept here instead, on
 * `globalThis` under a registered symbol (as the metrics registry is).
 */
export function processShared<T extends object>(name: string, init: () => T): T {
  const key = Symbol.for(`payrelay.${name}`);
  const holder = globalThis as typeof globalThis & Record<symbol, T | undefined>;
  return (holder[key] ??= init());
}
