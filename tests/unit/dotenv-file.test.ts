import { afterEach, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { addMetricsTokenIfMissing, localDotEnvText, writeLocalDotEnvIfMissing } from "../../scripts/lib/dotenv-file";
import { parseConfig } from "../../lib/config";

const dirs: string[] = [];
const tempRoot = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dotenv-"));
  dirs.push(dir);
  return dir;
};
const saved = { ...process.env };
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  process.env = { ...saved };
});

const parseDotEnv = (text: string) =>
  Object.fromEntries(text.split("\n").flatMap((l) => (/^[A-Z_]+=/.test(l) ? [[l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]] : [])));

describe("the .env npm start writes", () => {
  it("has a fresh METRICS_TOKEN beside the other secrets, and parses", () => {
    const a = parseDotEnv(localDotEnvText());
    const b = parseDotEnv(localDotEnvText());
    expect(a.METRICS_TOKEN).toMatch(/^[\w-]{32}$/);
    expect(a.METRICS_TOKEN).not.toBe(b.METRICS_TOKEN);
    expect(parseConfig(a).METRICS_TOKEN).toBe(a.METRICS_TOKEN);
  });

  it("gains a METRICS_TOKEN once when it predates it, and is left alone when it names one (even empty)", () => {
    delete process.env.METRICS_TOKEN;
    delete process.env.PAYRELAY_MASTER_KEY;
    delete process.env.AUTH_SECRET;
    const root = tempRoot();
    const file = path.join(root, ".env");
    fs.writeFileSync(file, "PAYRELAY_MASTER_KEY=x\nAUTH_SECRET=y");
    expect(addMetricsTokenIfMissing(root)).toBe(true);
    expect(addMetricsTokenIfMissing(root)).toBe(false);
    const text = fs.readFileSync(file, "utf8");
    expect(text.startsWith("PAYRELAY_MASTER_KEY=x\nAUTH_SECRET=y\n")).toBe(true);
    expect(parseDotEnv(text).METRICS_TOKEN).toMatch(/^[\w-]{32}$/);

    const off = tempRoot();
    fs.writeFileSync(path.join(off, ".env"), "METRICS_TOKEN=\n");
    expect(addMetricsTokenIfMissing(off)).toBe(false);
    expect(fs.readFileSync(path.join(off, ".env"), "utf8")).toBe("METRICS_TOKEN=\n");

    const fresh = tempRoot();
    expect(writeLocalDotEnvIfMissing(fresh)).toBe(path.join(fresh, ".env"));
    expect(addMetricsTokenIfMissing(fresh)).toBe(false);
  });
});
