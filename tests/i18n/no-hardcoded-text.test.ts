import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The lint rules that keep words out of the portal's code (eslint.config.mjs: react/jsx-no-literals
 * and payrelay/no-hardcoded-text on app/(portal), app/page.tsx and lib/portal). `npm run lint` runs
 * them on the real files; this proves they catch what a later change could slip in.
 */
const root = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: root });

async function problems(code: string, file = "app/(portal)/(app)/probe/page.tsx"): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === "react/jsx-no-literals" || m.ruleId === "payrelay/no-hardcoded-text").map((m) => m.message);
}

const component = (body: string, before = "") => `${before}\nexport function Probe({ ok, x, t }: { ok: boolean; x?: string; t: (k: string) => string }) {\n  return (${body});\n}\n`;

describe("no hard-coded text in the portal", () => {
  it.each([
    ["JSX text", component("<p>Hello there</p>")],
    ["a string child", component(`<p>{"active"}</p>`)],
    ["Chinese", component("<p>已保存</p>")],
    ["a label prop", component(`<input aria-label="Email" />`)],
    ["a placeholder", component(`<input placeholder="Search orders" />`)],
    ["a one-word label", component(`<Field label="never" />`, "declare function Field(p: { label: string }): null;")],
    ["a conditional child", component(`<p>{ok ? "Saved" : t("x")}</p>`)],
    ["a fallback child", component(`<p>{x ?? "never"}</p>`)],
    ["a template child", component("<p>{`${x} paid`}</p>")],
    ["a nav item", `const LINKS = [{ href: "/orders", label: "Orders" }];\nexport default LINKS;`],
    ["page metadata", `export const metadata = { title: "Orders" };`],
    ["a server action's message", `export async function save() {\n  return { ok: true, message: "Saved." };\n}`],
    ["a field error", `export async function save() {\n  return { fieldErrors: { goodsId: "Choose a goods." } };\n}`],
    ["a default label", `export function Copy({ label = "Copy" }: { label?: string }) {\n  return label;\n}`],
    ["a sentence anywhere", `export const note = "Your account is ready.";`],
  ])("reports %s", async (_name, code) => {
    expect(await problems(code)).not.toEqual([]);
  });

  it("reports lib/portal's sentences too, but not the API's English errors", async () => {
    expect(await problems(`export const title = (provider: string) => \`Callback received from \${provider}\`;`, "lib/portal/probe.ts")).not.toEqual([]);
    expect(await problems(`import { invalid } from "../api/errors";\nexport const e = () => invalid("channel_error", "The sandbox did not return a pay URL.");`, "lib/portal/probe.ts")).toEqual([]);
  });

  it("lets code through: classes, routes, keys, ids, codes, symbols", async () => {
    const code = component(
      `<div className="flex items-center gap-2 text-sm">
        <a href="/orders" aria-current={ok ? "page" : undefined} data-testid="order-row">{t("orders.title")}</a>
        <input type="hidden" name="active" value="true" />
        <input placeholder="wx1234567890abcdef" inputMode="decimal" autoComplete="off" />
        <span>{" · "}</span><span>—</span><span>payrelay</span>
        {x === "live" ? <b className={\`\${x} rounded-md px-2\`}>{t("nav.live")}</b> : null}
      </div>`,
      `"use client";\nimport Link from "next/link";\nconst tones = { error: "border-red-200 bg-red-50 text-red-900" };\nexport const mode = (live: boolean) => (live ? "live" : "test");`,
    );
    expect(await problems(code)).toEqual([]);
  });

  it("applies to the portal only (the buyer's checkout has its own dictionary)", async () => {
    expect(await problems(component("<p>Hello there</p>"), "app/checkout/[cs]/probe.tsx")).toEqual([]);
  });
});
