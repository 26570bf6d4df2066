/**
 * Runs `fn` over `items` with at most `limit` calls in flight, answering the results in the items'
 * order. A batch of channel calls then takes about (items / limit) × one call's time instead of
 * items × one call's time, while no channel (or our own connection pool) sees more than `limit` at once.
 * `fn` should not throw: a rejection stops the remaining items from starting and is re-thrown.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i]!, i);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, lane));
  return results;
}
