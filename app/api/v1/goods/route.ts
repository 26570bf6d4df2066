import { z } from "zod";
import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { parseListQuery } from "@/lib/api/pagination";
import { createGoods, listGoods } from "@/lib/goods/goods";
import { createGoodsSchema } from "@/lib/goods/schemas";

const activeFilter = z.enum(["true", "false"]).optional();

export const POST = apiRoute({ auth: "secret", body: createGoodsSchema }, async ({ key, livemode, body }) => ({
  status: 201,
  body: await createGoods({ merchantId: key.merchantId, livemode }, body),
}));

export const GET = apiRoute({ auth: "secret" }, async ({ key, livemode, url }) => {
  const active = activeFilter.parse(url.searchParams.get("active") ?? undefined);
  return {
    status: 200,
    body: await listGoods(
      { merchantId: key.merchantId, livemode },
      { ...parseListQuery(url), active: active === undefined ? undefined : active === "true" },
    ),
  };
});

export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
