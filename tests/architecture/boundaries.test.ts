/**
 * The boundaries in eslint.config.mjs, proven: for each rule a deliberately wrong import in a
 * scratch file fails lint, and the same file with an allowed import passes (so a rule that is
 * removed, or one that refuses everything, fails here).
 */
import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The no-restricted-imports messages for `code` as if it were the file at `filePath`. */
async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, { filePath: path.join(ROOT, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

const cases: { rule: string; file: string; wrong: string[]; allowed: string[] }[] = [
  {
    rule: "lib/channels imports nothing outside itself",
    file: "lib/channels/scratch.ts",
    wrong: ['import { x } from "../db/client";', 'import { x } from "../config";', 'import { x } from "@/lib/orders/view";', 'import { x } from "../../app/layout";'],
    allowed: ['import { x } from "./errors";', 'import { x } from "./alipay/amount";', 'import { createHash as x } from "node:crypto";', 'import { z as x } from "zod";'],
  },
  {
    rule: "lib/channels imports nothing outside itself (from a provider folder)",
    file: "lib/channels/alipay/scratch.ts",
    wrong: ['import { x } from "../../config";', 'import { x } from "../../../app/layout";', 'import { x } from "@/lib/log";'],
    allowed: ['import { x } from "../errors";', 'import { x } from "./amount";', 'import { AlipaySdk as x } from "alipay-sdk";'],
  },
  {
    rule: "lib/channels never imports lib/sandbox",
    file: "lib/channels/wechatpay/scratch.ts",
    wrong: ['import { x } from "../../sandbox/keys";', 'import { x } from "@/lib/sandbox/keys";'],
    allowed: ['import { x } from "../keys";'],
  },
  {
    rule: "lib/sandbox never imports lib/channels",
    file: "lib/sandbox/scratch.ts",
    wrong: ['import { x } from "../channels";', 'import { x } from "../channels/alipay/amount";', 'import { x } from "@/lib/channels";', 'import { x } from "../../lib/channels/registry";'],
    allowed: ['import { x } from "./keys";', 'import { x } from "../log";'],
  },
  {
    rule: "lib never imports app",
    file: "lib/orders/scratch.ts",
    wrong: ['import { x } from "../../app/api/v1/orders/route";', 'import { x } from "@/app/checkout/[cs]/frame";'],
    allowed: ['import { x } from "../api/route";', 'import { x } from "./view";'],
  },
  {
    rule: "lib never imports next (lib/auth aside)",
    file: "lib/orders/scratch.ts",
    wrong: ['import { x } from "next/headers";'],
    allowed: ['import { x } from "drizzle-orm";'],
  },
  {
    rule: "worker never imports app",
    file: "worker/scratch.ts",
    wrong: ['import { x } from "../app/api/health/route";', 'import { x } from "@/app/layout";'],
    allowed: ['import { x } from "../lib/log";'],
  },
  {
    rule: "app never imports lib/db",
    file: "app/(portal)/(app)/orders/(list)/scratch.tsx",
    wrong: ['import { x } from "@/lib/db/client";', 'import { x } from "@/lib/db/schema/orders";', 'import { x } from "../../../../../lib/db/schema";'],
    allowed: ['import { x } from "@/lib/orders/view";', 'import { x } from "@/lib/portal/orders";'],
  },
  {
    rule: "lib/events (the outbox) never imports lib/notify",
    file: "lib/events/scratch.ts",
    wrong: ['import { x } from "../notify/claim";', 'import { x } from "@/lib/notify/deliver";'],
    allowed: ['import { x } from "../queue/notify-jobs";', 'import { x } from "./targets";'],
  },
];

describe("import boundaries (eslint.config.mjs)", () => {
  it.each(cases)("$rule", async ({ file, wrong, allowed }) => {
    for (const code of wrong) expect(await violations(file, code), code).toHaveLength(1);
    for (const code of allowed) expect(await violations(file, code), code).toEqual([]);
  });
});
