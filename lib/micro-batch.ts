/**
 * Coalesces concurrent calls into one batch call (the worker's claims and attempt records, the web's
 * enqueues after commit). Under load a worker runs dozens of deliveries at
 * once, and with innodb_flush_log_at_trx_commit=1 every commit is a disk flush: claiming or
 * recording each delivery in its own transaction caps a worker at a few hundred deliveries/s. A
 * batch is sent as soon as the previous one is done, so an idle worker adds no waiting and a busy
 * one commits once for many deliveries.
 */
export function microBatch<I, O>(run: (items: I[]) => Promise<O[]>, maxSize = 200): (item: I) => Promise<O> {
  let waiting: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  let running = false;
  const flush = async (): Promise<void> => {
    if (running || waiting.length === 0) return;
    running = true;
    const batch = waiting.slice(0, maxSize);
    waiting = waiting.slice(maxSize);
    try {
      const out = await run(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(out[i]!));
    } catch (error) {
      for (const b of batch) b.reject(error);
    } finally {
      running = false;
      if (waiting.length > 0) void flush();
    }
  };
  return (item: I) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!running) setImmediate(() => void flush());
    });
}
