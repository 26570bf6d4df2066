import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import { db, isDuplicateKey } from "../db/client";
import { sandboxAlipayApps, sandboxIdentity, sandboxRefunds, sandboxTrades, sandboxWechatMerchants } from "../db/schema";
import { open, seal } from "../crypto/secret-box";
import {
  UNPAID_STATUSES,
  tradeMerchantKey,
  type SandboxAlipayApp,
  type SandboxIdentity,
  type SandboxRefund,
  type SandboxStore,
  type SandboxTrade,
  type SandboxWechatMerchant,
} from "./store";

const IDENTITY_AAD = "sandbox:identity";
const apiV3Aad = (mchid: string) => `sandbox:wechat:${mchid}:apiv3`;
const DATE_FIELDS = ["wechatPlatformCertNotBefore", "wechatPlatformCertNotAfter", "createdAt"] as const;

/** JSON has no Date: revive the known date fields of a stored record. */
function revive<T>(record: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...record };
  for (const f of DATE_FIELDS) if (typeof out[f] === "string") out[f] = new Date(out[f] as string);
  return out as T;
}

type TradeRow = typeof sandboxTrades.$inferSelect;

function toTrade(row: TradeRow): SandboxTrade {
  const { merchantKey: _merchantKey, ...rest } = row;
  return { ...rest, provider: row.provider, tradeType: row.tradeType as SandboxTrade["tradeType"], status: row.status as SandboxTrade["status"] };
}

type RefundRow = typeof sandboxRefunds.$inferSelect;

function toRefund(row: RefundRow): SandboxRefund {
  return { ...row, status: row.status as SandboxRefund["status"], finalStatus: row.finalStatus as SandboxRefund["finalStatus"] };
}

/** The sandbox's state in MariaDB, so it survives a restart and is shared by the web app and the worker. */
export function createMysqlSandboxStore(): SandboxStore {
  // The identity never changes once written, so one read per process is enough.
  let identity: SandboxIdentity | null = null;
  return {
    async getIdentity() {
      if (identity) return identity;
      const [row] = await db().select().from(sandboxIdentity).where(eq(sandboxIdentity.id, 1)).limit(1);
      identity = row ? revive<SandboxIdentity>(JSON.parse(open(row.identitySealed, IDENTITY_AAD))) : null;
      return identity;
    },
    async saveIdentityIfAbsent(identity) {
      try {
        await db()
          .insert(sandboxIdentity)
          .values({ id: 1, identitySealed: seal(JSON.stringify(identity), IDENTITY_AAD), createdAt: new Date() });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      return (await this.getIdentity())!;
    },
    async getAlipayApp(appId) {
      const [row] = await db().select().from(sandboxAlipayApps).where(eq(sandboxAlipayApps.appId, appId)).limit(1);
      return row ? revive<SandboxAlipayApp>({ ...row.record, appId: row.appId, mode: row.mode, accountRef: row.accountRef }) : null;
    },
    async saveAlipayApp(app) {
      const { appId, mode, accountRef, ...record } = app;
      await db()
        .insert(sandboxAlipayApps)
        .values({ appId, mode, accountRef, record })
        .onDuplicateKeyUpdate({ set: { mode, accountRef, record } });
    },
    async getWechatMerchant(mchid) {
      const [row] = await db().select().from(sandboxWechatMerchants).where(eq(sandboxWechatMerchants.mchid, mchid)).limit(1);
      if (!row) return null;
      return revive<SandboxWechatMerchant>({
        ...row.record,
        mchid: row.mchid,
        mode: row.mode,
        accountRef: row.accountRef,
        apiV3Key: open(row.apiV3KeySealed, apiV3Aad(row.mchid)),
      });
    },
    async saveWechatMerchant(merchant) {
      const { mchid, mode, accountRef, apiV3Key, ...record } = merchant;
      const apiV3KeySealed = seal(apiV3Key, apiV3Aad(mchid));
      await db()
        .insert(sandboxWechatMerchants)
        .values({ mchid, mode, accountRef, record, apiV3KeySealed })
        .onDuplicateKeyUpdate({ set: { mode, accountRef, record, apiV3KeySealed } });
    },
    async insertTrade(trade) {
      const merchantKey = tradeMerchantKey(trade);
      try {
        await db().insert(sandboxTrades).values({ ...trade, merchantKey });
        return { created: true, trade };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const existing = await this.findTradeByOutTradeNo(trade.provider, merchantKey, trade.outTradeNo);
        if (!existing) throw error;
        return { created: false, trade: existing };
      }
    },
    async getTrade(id) {
      const [row] = await db().select().from(sandboxTrades).where(eq(sandboxTrades.id, id)).limit(1);
      return row ? toTrade(row) : null;
    },
    async findTradeByOutTradeNo(provider, merchantKey, outTradeNo) {
      const [row] = await db()
        .select()
        .from(sandboxTrades)
        .where(and(eq(sandboxTrades.provider, provider), eq(sandboxTrades.merchantKey, merchantKey), eq(sandboxTrades.outTradeNo, outTradeNo)))
        .limit(1);
      return row ? toTrade(row) : null;
    },
    async findTradeByProviderTradeNo(provider, merchantKey, providerTradeNo) {
      const [row] = await db()
        .select()
        .from(sandboxTrades)
        .where(
          and(eq(sandboxTrades.provider, provider), eq(sandboxTrades.merchantKey, merchantKey), eq(sandboxTrades.providerTradeNo, providerTradeNo)),
        )
        .limit(1);
      return row ? toTrade(row) : null;
    },
    async findTradeByPrepayId(prepayId) {
      const [row] = await db().select().from(sandboxTrades).where(eq(sandboxTrades.prepayId, prepayId)).limit(1);
      return row ? toTrade(row) : null;
    },
    async updateTrade(id, fromStatuses, patch) {
      if (fromStatuses.length === 0) return null;
      if (Object.keys(patch).length === 0) {
        const current = await this.getTrade(id);
        return current && fromStatuses.includes(current.status) ? current : null;
      }
      // Compare-and-set: a concurrent pay and close cannot both win.
      const [result] = await db()
        .update(sandboxTrades)
        .set(patch)
        .where(and(eq(sandboxTrades.id, id), inArray(sandboxTrades.status, [...fromStatuses])));
      if (result.affectedRows !== 1) return null;
      return this.getTrade(id);
    },
    async listExpiredOpenTrades(now, limit) {
      const rows = await db()
        .select()
        .from(sandboxTrades)
        .where(and(inArray(sandboxTrades.status, [...UNPAID_STATUSES]), lte(sandboxTrades.timeExpire, now)))
        .orderBy(asc(sandboxTrades.timeExpire))
        .limit(limit);
      return rows.map(toTrade);
    },
    async addTradeRefunded(tradeId, deltaFen) {
      // Compare-and-set in one statement: concurrent refunds can never push the total past the amount.
      const [result] = await db()
        .update(sandboxTrades)
        .set({ refundedFen: sql`${sandboxTrades.refundedFen} + ${deltaFen}` })
        .where(
          and(
            eq(sandboxTrades.id, tradeId),
            sql`${sandboxTrades.refundedFen} + ${deltaFen} <= ${sandboxTrades.amountFen}`,
            sql`${sandboxTrades.refundedFen} + ${deltaFen} >= 0`,
          ),
        );
      return result.affectedRows === 1 ? this.getTrade(tradeId) : null;
    },
    async insertRefund(refund) {
      try {
        await db().insert(sandboxRefunds).values(refund);
        return { created: true, refund };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const existing = await this.findRefund(refund.provider, refund.merchantKey, refund.outRefundNo);
        if (!existing) throw error;
        return { created: false, refund: existing };
      }
    },
    async getRefund(id) {
      const [row] = await db().select().from(sandboxRefunds).where(eq(sandboxRefunds.id, id)).limit(1);
      return row ? toRefund(row) : null;
    },
    async findRefund(provider, merchantKey, outRefundNo) {
      const [row] = await db()
        .select()
        .from(sandboxRefunds)
        .where(and(eq(sandboxRefunds.provider, provider), eq(sandboxRefunds.merchantKey, merchantKey), eq(sandboxRefunds.outRefundNo, outRefundNo)))
        .limit(1);
      return row ? toRefund(row) : null;
    },
    async listTradeRefunds(tradeId) {
      const rows = await db().select().from(sandboxRefunds).where(eq(sandboxRefunds.tradeId, tradeId)).orderBy(asc(sandboxRefunds.createdAt));
      return rows.map(toRefund);
    },
    async updateRefund(id, fromStatuses, patch) {
      if (fromStatuses.length === 0) return null;
      const [result] = await db()
        .update(sandboxRefunds)
        .set(patch)
        .where(and(eq(sandboxRefunds.id, id), inArray(sandboxRefunds.status, [...fromStatuses])));
      return result.affectedRows === 1 ? this.getRefund(id) : null;
    },
  };
}
