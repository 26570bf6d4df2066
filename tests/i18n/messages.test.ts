import { describe, expect, it } from "vitest";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import en from "../../messages/en.json";
import zhCN from "../../messages/zh-CN.json";
import { translatorFor } from "../../lib/i18n/messages";

/**
 * The two message files must describe the same portal: the same keys, and in each message the same
 * ICU arguments, tags and select cases, so no page shows a raw key or drops a value in one language.
 */
type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

type Shape = { placeholders: string[]; selects: Map<string, string> };

/**
 * Arguments ("{count}") and tags ("<link>") of one message, and the cases of each select. A word
 * that English says with the code itself ("{mode} keys") may be a select in Chinese, and a plural in
 * English a plain number in Chinese: what must match is the argument names, and the cases of a
 * select that both languages make.
 */
function shape(message: string): Shape {
  const placeholders = new Set<string>();
  const selects = new Map<string, string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === TYPE.tag) {
        placeholders.add(`<${el.value}>`);
        walk(el.children);
      } else if (el.type === TYPE.select || el.type === TYPE.plural) {
        placeholders.add(`{${el.value}}`);
        if (el.type === TYPE.select) selects.set(el.value, Object.keys(el.options).sort().join("|"));
        for (const option of Object.values(el.options)) walk(option.value);
      } else if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) {
        placeholders.add(`{${el.value}}`);
      }
    }
  };
  walk(parse(message));
  return { placeholders: [...placeholders].sort(), selects };
}

const files = { en: flatten(en), "zh-CN": flatten(zhCN) };

describe("message files", () => {
  it("have exactly the same keys", () => {
    const enKeys = [...files.en.keys()];
    const zhKeys = [...files["zh-CN"].keys()];
    expect(zhKeys.filter((k) => !files.en.has(k)), "in zh-CN only").toEqual([]);
    expect(enKeys.filter((k) => !files["zh-CN"].has(k)), "in en only").toEqual([]);
    expect(enKeys.length).toBeGreaterThan(300);
  });

  it("parse as ICU messages and use the same placeholders, tags and select cases", () => {
    const mismatches: string[] = [];
    for (const [key, english] of files.en) {
      const chinese = files["zh-CN"].get(key) ?? "";
      expect(english.trim(), key).not.toBe("");
      expect(chinese.trim(), key).not.toBe("");
      const a = shape(english);
      const b = shape(chinese);
      if (a.placeholders.join() !== b.placeholders.join()) mismatches.push(`${key}: en ${a.placeholders.join(" ")} ≠ zh-CN ${b.placeholders.join(" ")}`);
      for (const [arg, cases] of a.selects) {
        const other = b.selects.get(arg);
        if (other !== undefined && other !== cases) mismatches.push(`${key}: {${arg}} cases en ${cases} ≠ zh-CN ${other}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("are Chinese in zh-CN: a sentence copied over untranslated would show here", () => {
    // Messages that are the same in both languages on purpose: names, codes, pure placeholders.
    const same = new Set(["language.zh-CN", "language.en", "common.http", "dashboard.testPayment.option", "order.heading", "channels.fields.wechatpay.appId"]);
    const copied = [...files.en].filter(([key, english]) => !same.has(key) && files["zh-CN"].get(key) === english).map(([key]) => key);
    expect(copied).toEqual([]);
    const withoutChinese = [...files["zh-CN"]].filter(([key, text]) => !same.has(key) && !/[\u3400-\u9fff]/.test(text) && /[A-Za-z]{3,}/.test(text.replace(/\{[^}]*\}/g, "")));
    expect(withoutChinese.map(([key]) => key)).toEqual([]);
  });

  it("render with their values in both languages", () => {
    for (const locale of ["en", "zh-CN"] as const) {
      const t = translatorFor(locale);
      expect(t("timeline.attempt", { type: "order.paid", result: "ok", trigger: "resend" })).toBe(
        locale === "en" ? "Delivery of order.paid succeeded (resend)" : "order.paid 投递成功（重发）",
      );
      expect(t("timeline.deliveries", { count: 1 })).toBe(locale === "en" ? "sent to 1 URL" : "发送至 1 个地址");
      expect(t("keys.description", { mode: "live" })).toContain("sk_live_…");
      // "1 paid of 1 orders" was on the dashboard.
      expect(t("dashboard.paid14Sub", { paid: 1, orders: 1 })).toBe(locale === "en" ? "1 paid of 1 order" : "1 笔订单中 1 笔已支付");
      expect(t("dashboard.paid14Sub", { paid: 2, orders: 3 })).toBe(locale === "en" ? "2 paid of 3 orders" : "3 笔订单中 2 笔已支付");
    }
  });
});
