/**
 * Hostile request generation for tests/hostile/fuzz.test.ts: a seeded PRNG (so a failure replays
 * exactly with FUZZ_SEED) and generators for bodies, headers and query strings that swap types,
 * nest deep, grow huge, carry bad UTF-8 and lone surrogates, lie about their content type and
 * repeat keys.
 */

export type Rng = {
  next(): number;
  int(maxExclusive: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
};

/** mulberry32: tiny, fast, and the same sequence on every machine for a given seed. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

const HOSTILE_STRINGS = [
  "",
  " ",
  "x",
  "\ud800",
  "a\udfffb",
  "\u0000",
  "\u202e\u200b",
  "😀".repeat(40),
  "null",
  "undefined",
  "__proto__",
  "constructor",
  "NaN",
  "-1",
  "0",
  "1e309",
  "9007199254740993",
  "2030-02-30T00:00:00Z",
  "garbage",
  "1970-01-01T00:00:00Z",
  "9999-12-31T23:59:59.999Z",
  "javascript:alert(1)",
  "https://evil.example/",
  "http://[::1]/",
  "https://例え.jp/パス?q=\u0000",
  "//evil.example",
  "fe80::1%" + "e".repeat(100),
  "256.256.256.256",
  "'; DROP TABLE orders; --",
  "%00%ff%ED%A0%80",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "ord_" + "A".repeat(20),
  "goods_nope",
  "alipay_h5",
  "wechat_jsapi",
  "*",
  "order.paid",
];

/** A hostile JSON value: a swapped type, an edge number, a huge or deep structure. */
export function hostileValue(r: Rng, depth = 0): unknown {
  switch (r.int(depth > 2 ? 8 : 11)) {
    case 0:
      return r.pick(HOSTILE_STRINGS);
    case 1:
      return r.pick([0, -1, 1, 1.5, -0.0001, 1e21, -1e308, 2 ** 31, 2 ** 53 + 2, 999, 1000, 100_000_001]);
    case 2:
      return r.chance(0.5);
    case 3:
      return null;
    case 4:
      return r.pick(HOSTILE_STRINGS).repeat(1 + r.int(3)) + "z".repeat(r.pick([0, 130, 257, 1025, 2049, 20_000]));
    case 5:
      return String.fromCharCode(...Array.from({ length: 1 + r.int(12) }, () => r.int(0x10000)));
    case 6:
      return r.pick(HOSTILE_STRINGS) + r.pick(HOSTILE_STRINGS);
    case 7:
      return r.int(1000);
    case 8:
      return Array.from({ length: r.pick([0, 1, 3, 200]) }, () => hostileValue(r, depth + 1));
    case 9:
      return Object.fromEntries(Array.from({ length: r.int(4) }, () => [r.pick(HOSTILE_STRINGS), hostileValue(r, depth + 1)]));
    default:
      return deep(r.pick([40, 300, 900]), r.chance(0.5));
  }
}

function deep(levels: number, arrays: boolean): unknown {
  let v: unknown = "bottom";
  for (let i = 0; i < levels; i++) v = arrays ? [v] : { a: v };
  return v;
}

export type GeneratedBody = { bytes: Uint8Array<ArrayBuffer> | string | undefined; contentType: string | undefined; label: string };

const enc = new TextEncoder();

/**
 * A body for a route: usually the route's valid baseline with some fields replaced by hostile
 * values (so the request gets past the first checks), sometimes garbage of every other kind.
 */
export function hostileBody(r: Rng, baseline: Record<string, unknown>, fields: string[]): GeneratedBody {
  const json = (v: unknown, label: string): GeneratedBody => ({ bytes: JSON.stringify(v), contentType: "application/json", label });
  switch (r.int(12)) {
    case 0:
    case 1:
    case 2:
    case 3: {
      const body: Record<string, unknown> = { ...baseline };
      const names = [...new Set([...fields, ...Object.keys(baseline)])];
      const n = 1 + r.int(2);
      for (let i = 0; i < n && names.length > 0; i++) body[r.pick(names)] = hostileValue(r);
      if (r.chance(0.1)) body[r.pick(HOSTILE_STRINGS)] = hostileValue(r);
      return json(body, "baseline with swapped fields");
    }
    case 4: {
      // Duplicated keys: JSON.parse keeps the last, a hand-rolled parser may keep the first.
      const entries = Object.entries(baseline).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
      const k = fields.length > 0 ? r.pick(fields) : "x";
      const raw = `{${[...entries, `${JSON.stringify(k)}:${JSON.stringify(hostileValue(r)) ?? "null"}`, `${JSON.stringify(k)}:${JSON.stringify(baseline[k] ?? 1) ?? "1"}`].join(",")}}`;
      return { bytes: raw, contentType: "application/json", label: "duplicated keys" };
    }
    case 5: {
      // Bad UTF-8: a lone continuation byte, an encoded surrogate, an overlong slash.
      const bad = r.pick([[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82]]);
      const text = JSON.stringify({ ...baseline, [fields[0] ?? "x"]: "@@" });
      const [head, tail] = text.split("@@") as [string, string];
      return { bytes: new Uint8Array([...enc.encode(head), ...bad, ...enc.encode(tail)]), contentType: "application/json", label: "bad UTF-8" };
    }
    case 6:
      return { bytes: r.pick(["{", "[]", "1", '"s"', "null", "{}}", "\u0000", '{"a":1e999}', "{\"__proto__\":{\"x\":1}}"]), contentType: "application/json", label: "malformed JSON" };
    case 7:
    {
      // Written as text: JSON.stringify itself would overflow the stack on 100,000 levels.
      const n = r.pick([33, 2000, 100_000]);
      const bytes = r.chance(0.5) ? `{"a":${"[".repeat(n)}1${"]".repeat(n)}}` : `${'{"a":'.repeat(n)}1${"}".repeat(n)}`;
      return { bytes, contentType: "application/json", label: "deep nesting" };
    }
    case 8:
      return {
        bytes: new URLSearchParams(Object.entries({ ...baseline, x: "1" }).map(([k, v]) => [k, String(v)])).toString() + "&%ED%A0%80=%&a=1&a=2",
        contentType: r.pick(["application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=gbk", undefined]),
        label: "form body",
      };
    case 9:
      return {
        bytes: `--b\r\nContent-Disposition: form-data; name="outcome"\r\n\r\npay\r\n--b--`,
        contentType: r.pick(["multipart/form-data; boundary=b", "multipart/form-data", "multipart/form-data; boundary=zz"]),
        label: "multipart",
      };
    case 10:
      return {
        bytes: JSON.stringify(baseline),
        contentType: r.pick(["text/plain", "application/json; charset=utf-16", "application/JSON", "application/xml", "*/*", "application/json;;;", ""]),
        label: "odd content type",
      };
    default:
      return json({ ...baseline, pad: "p".repeat(r.pick([1000, 60_000, 70_000])) }, "huge body");
  }
}

/** A query string with repeated keys, bad percent-encoding, edge numbers and huge values. */
export function hostileQuery(r: Rng, names: string[]): string {
  if (r.chance(0.3)) return "";
  const keys = [...names, "limit", "startingAfter", "status", "goodsId", "buyerId", "channel", "code", "state", "appid", "redirect_uri", "scope", "prepay_id", "lang"];
  const parts: string[] = [];
  for (let i = 0, n = 1 + r.int(4); i < n; i++) {
    const k = r.pick(keys);
    const v = r.pick([
      ...["-1", "0", "101", "1e3", "abc", "", "%", "%zz", "%ED%A0%80", "%C0%AF", "%FF", "x".repeat(5000), "[object Object]", "ord_x", "https%3A%2F%2Fevil.example%2F", "snsapi_base", "wx0123456789abcdef"],
    ]);
    parts.push(`${encodeURIComponent(k)}=${v}`);
    if (r.chance(0.2)) parts.push(`${encodeURIComponent(k)}=${v}2`);
  }
  return "?" + parts.join("&");
}

/** Headers a hostile client sends, on top of whatever key the request carries. */
export function hostileHeaders(r: Rng): [string, string][] {
  const out: [string, string][] = [];
  const add = (k: string, v: string) => out.push([k, v]);
  if (r.chance(0.4)) add("idempotency-key", r.pick(["k1", "", " ", "x".repeat(300), "é", "key with space", `k-${r.int(5)}`]));
  if (r.chance(0.2)) add("x-request-id", r.pick(["../../x", "a".repeat(200), "req_1"]));
  if (r.chance(0.2)) add("x-forwarded-for", r.pick(["1.1.1.1, 2.2.2.2", "fe80::1%" + "z".repeat(100), "garbage", "", "::ffff:127.0.0.1"]));
  if (r.chance(0.2)) add("accept-language", r.pick(["zh-CN,zh;q=0.9", "*", "xx-" + "y".repeat(300), ";q=abc"]));
  if (r.chance(0.1)) add("content-length", r.pick(["-1", "99999999999", "abc"]));
  if (r.chance(0.15)) {
    // WeChat Pay's signature headers, present but wrong.
    add("wechatpay-timestamp", r.pick(["0", "abc", String(Math.floor(Date.now() / 1000))]));
    add("wechatpay-nonce", "n");
    add("wechatpay-signature", r.pick(["", "AAAA", "!!notbase64"]));
    add("wechatpay-serial", r.pick(["", "PUB_KEY_ID_0", "x".repeat(500)]));
  }
  if (r.chance(0.1)) add("cookie", r.pick(["next-auth.session-token=garbage", "a=%ED%A0%80", "x".repeat(4000)]));
  return out;
}
