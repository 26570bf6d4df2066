import { z } from "zod";

const pem = z.string().min(1).max(16_384);

export const alipayAccountSchema = z
  .object({
    appId: z.string().trim().regex(/^\d{8,32}$/, "must be the digits of your Alipay app id, e.g. 2021000000000001"),
    privateKey: pem,
    alipayPublicKey: pem,
  })
  .strict();
export type AlipayAccountInput = z.infer<typeof alipayAccountSchema>;

export const wechatpayAccountSchema = z
  .object({
    appId: z.string().trim().regex(/^wx[0-9A-Za-z]{16}$/, "must be a WeChat appid like wx1234567890abcdef"),
    mchId: z.string().trim().regex(/^\d{6,16}$/, "must be the digits of your WeChat Pay merchant id"),
    serialNo: z.string().trim().regex(/^[0-9A-Fa-f]{8,64}$/, "must be the hex serial number of your merchant API certificate"),
    privateKey: pem,
    apiV3Key: z
      .string()
      .regex(/^[\x21-\x7e]{32}$/, "must be exactly 32 characters (the APIv3 key set in the WeChat Pay console)"),
    platformPublicKey: pem,
    platformPublicKeyId: z.string().trim().max(64).optional(),
    /** The Official Account's AppSecret: only for the hosted checkout's snsapi_base step inside WeChat. */
    appSecret: z
      .string()
      .regex(/^[0-9A-Za-z]{32}$/, "must be the 32-character AppSecret of the Official Account")
      .optional(),
  })
  .strict();
export type WechatpayAccountInput = z.infer<typeof wechatpayAccountSchema>;
