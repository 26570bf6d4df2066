import { z } from "zod";
import { listOf, operation, timestamp } from "../openapi/operation";

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
    /**
     * A second platform key WeChat may sign with while it rotates its own: the platform certificate
     * beside a new `PUB_KEY_ID_…` key (or the reverse), or an old and a new certificate.
     */
    additionalPlatformPublicKey: pem.optional(),
    additionalPlatformPublicKeyId: z.string().trim().max(64).optional(),
    /** The Official Account's AppSecret: only for the hosted checkout's snsapi_base step inside WeChat. */
    appSecret: z
      .string()
      .regex(/^[0-9A-Za-z]{32}$/, "must be the 32-character AppSecret of the Official Account")
      .optional(),
  })
  .strict();
export type WechatpayAccountInput = z.infer<typeof wechatpayAccountSchema>;

const masked = z.literal("********");

const accountFields = {
  id: z.string().meta({ example: "ca_5Tg7Yh9Uj1Ik3Ol5Pz7Xc9" }),
  object: z.literal("channel_account"),
  livemode: z.boolean(),
  appId: z.string(),
  privateKey: masked,
  privateKeyFingerprint: z.string(),
  callbackUrl: z.string().meta({ description: "Where the provider sends this account's notifications (set it as notify URL where the console asks)." }),
  credentialVersion: z.number().int().min(1).meta({
    description:
      "The current credential version: 1 when first set, +1 on every replacement. Orders keep the version they were created with; older versions stay in use for their callbacks, queries and closes until those orders settle.",
  }),
  createdAt: timestamp(),
  updatedAt: timestamp(),
};

/** A channel account as the API shows it: public identifiers in full, every secret masked. */
export const channelAccountSchema = z
  .discriminatedUnion("provider", [
    z.object({ ...accountFields, provider: z.literal("alipay"), alipayPublicKey: z.string() }).meta({ id: "AlipayChannelAccount" }),
    z
      .object({
        ...accountFields,
        provider: z.literal("wechatpay"),
        mchId: z.string(),
        serialNo: z.string(),
        platformPublicKey: z.string(),
        platformPublicKeyId: z.string(),
        platformKeyMode: z.enum(["certificate", "public_key"]),
        additionalPlatformPublicKey: z.string().nullable().meta({ description: "A second trusted platform key (during a rotation at WeChat's side), or null." }),
        additionalPlatformPublicKeyId: z.string().nullable().meta({ description: "Its certificate serial or PUB_KEY_ID_…; Wechatpay-Serial picks the key." }),
        apiV3Key: masked,
        appSecret: masked.nullable(),
        appSecretSet: z.enum(["true", "false"]),
      })
      .meta({ id: "WechatpayChannelAccount" }),
  ])
  .meta({ id: "ChannelAccount" });

export const channelAccountOperations = [
  operation("GET /api/v1/channel-accounts", {
    id: "listChannelAccounts",
    tag: "Channel accounts",
    summary: "List channel accounts",
    description: "The key's mode's accounts (test mode: the sandbox accounts payrelay provisions), secrets masked.",
    auth: "secret",
    response: listOf(channelAccountSchema, "ChannelAccountList"),
  }),
  operation("PUT /api/v1/channel-accounts/{provider}", {
    id: "putChannelAccount",
    tag: "Channel accounts",
    summary: "Set live channel credentials",
    description: "Live secret key only. The body is the provider's: alipay → { appId, privateKey, alipayPublicKey }; wechatpay → { appId, mchId, serialNo, privateKey, apiV3Key, platformPublicKey, platformPublicKeyId?, additionalPlatformPublicKey?, additionalPlatformPublicKeyId?, appSecret? }. Secrets are encrypted at rest and never returned.",
    auth: "secret",
    params: { provider: z.enum(["alipay", "wechatpay"]) },
    body: z.union([alipayAccountSchema, wechatpayAccountSchema]),
    response: channelAccountSchema,
    errors: { 422: "invalid_key: a key that cannot be parsed, or the public half of your own private key where the provider's belongs." },
  }),
];
