/**
 * Every test file runs against its own freshly migrated MariaDB database and its own Redis key
 * prefix, so files never see each other's rows or keys and can run in parallel.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll } from "vitest";

const suffix = `${process.pid}_${randomBytes(4).toString("hex")}`;
process.env.DATABASE_URL = `mysql://root@127.0.0.1:3306/payrelay_t_${suffix}`;
process.env.REDIS_PREFIX = `t_${suffix}`;
process.env.PAYRELAY_MASTER_KEY ??= randomBytes(32).toString("base64");
process.env.AUTH_SECRET ??= randomBytes(32).toString("hex");
process.env.PUBLIC_BASE_URL ??= "http://127.0.0.1:3000";
process.env.NOTIFY_ALLOW_PRIVATE_HOSTS ??= "1";
process.env.TIME_SCALE ??= "1000";
// Test files make requests as fast as the machine allows, all from loopback: the API's rate budgets
// would make them depend on timing. tests/api/rate-limits.test.ts sets its own (small) ones.
process.env.RATE_LIMIT_LIVE_PER_SECOND ??= "1000000";
process.env.RATE_LIMIT_TEST_PER_SECOND ??= "1000000";
process.env.RATE_LIMIT_PUBLISHABLE_PER_MINUTE ??= "1000000";

beforeAll(async () => {
  const { migrateDatabase } = await import("../../lib/db/migrate");
  await migrateDatabase(process.env.DATABASE_URL!);
});

afterAll(async () => {
  const [{ closeDb }, { closeRedis }, { closeQueues }, { dropDatabase }] = await Promise.all([
    import("../../lib/db/client"),
    import("../../lib/redis"),
    import("../../lib/queue"),
    import("../../lib/db/migrate"),
  ]);
  await Promise.all([closeDb(), closeRedis(), closeQueues()]);
  const { redisForCleanup } = await import("../helpers/redis-cleanup");
  await redisForCleanup(process.env.REDIS_PREFIX!);
  await dropDatabase(process.env.DATABASE_URL!);
});
