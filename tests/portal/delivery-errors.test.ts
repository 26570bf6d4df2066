import { describe, expect, it } from "vitest";
import { explainDeliveryError } from "../../lib/portal/delivery-errors";
import { renderMessage } from "../../lib/i18n/message";
import { translatorFor } from "../../lib/i18n/messages";

const en = translatorFor("en");
const zh = translatorFor("zh-CN");
const say = (raw: string, t = en) => {
  const m = explainDeliveryError(raw);
  return typeof m === "string" || m === null ? m : renderMessage(t, m);
};

describe("delivery errors in words", () => {
  it("says Node's network errors as a merchant reads them, in both languages", () => {
    expect(say("ENOTFOUND: getaddrinfo ENOTFOUND shop.example", zh)).toBe("无法解析域名 shop.example（没有 DNS 记录），请检查网址是否写错。");
    expect(say("ENOTFOUND: getaddrinfo ENOTFOUND shop.example")).toContain("The domain shop.example could not be resolved");
    expect(say("ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9", zh)).toBe("连接被拒绝：127.0.0.1:9 上没有服务在监听。");
    expect(say("timed out after 10000 ms", zh)).toBe("10 秒内没有应答。");
    expect(say("CERT_HAS_EXPIRED: certificate has expired")).toBe("The receiver's HTTPS certificate is not valid (CERT_HAS_EXPIRED).");
    expect(say("ECONNRESET: socket hang up", zh)).toBe("接收方在应答前断开了连接。");
  });

  it("keeps what it has no words for as recorded", () => {
    expect(say("refused: ftp: URLs are not delivered (http and https only)")).toBe("refused: ftp: URLs are not delivered (http and https only)");
    expect(explainDeliveryError(null)).toBeNull();
  });
});
