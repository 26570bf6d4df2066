import { describe, expect, it } from "vitest";
import { explainVerifyError } from "../../lib/portal/verify-credentials";
import { renderMessage } from "../../lib/i18n/message";
import { translatorFor } from "../../lib/i18n/messages";

const zh = translatorFor("zh-CN");
const en = translatorFor("en");

describe("verify credentials: what a failed probe means", () => {
  it("names the field to fix for each way the signed query can fail", () => {
    expect(renderMessage(zh, explainVerifyError("alipay", "invalid_response_signature"))).toContain("支付宝公钥");
    expect(renderMessage(zh, explainVerifyError("wechatpay", "invalid_response_signature"))).toContain("平台证书");
    expect(renderMessage(zh, explainVerifyError("alipay", "isv.invalid-signature"))).toContain("私钥");
    expect(renderMessage(en, explainVerifyError("wechatpay", "SIGN_ERROR"))).toContain("WeChat Pay refused our signature");
    expect(renderMessage(zh, explainVerifyError("alipay", "isv.invalid-app-id"))).toBe("支付宝不认识这个 AppID（isv.invalid-app-id）。");
    expect(renderMessage(zh, explainVerifyError("alipay", "network_error"))).toContain("无法连接支付宝");
    expect(renderMessage(en, explainVerifyError("alipay", "SOMETHING_NEW"))).toContain("(SOMETHING_NEW)");
  });
});
