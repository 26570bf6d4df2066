import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { parseListQuery, pickQuery } from "@/lib/api/pagination";
import { createGoods, listGoods } from "@/lib/goods/goods";
import { createGoodsSchema, listGoodsSchema } from "@/lib/goods/schemas";

export const POST = apiRoute({ auth: "secret", body: createGoodsSchema }, async ({ key, livemode, body }) => ({
  status: 201,
  body: await createGoods({ merchantId: key.merchantId, livemode }, body),
}));

export const GET = apiRoute({ auth: "secret" }, async ({ key, livemode, url }) => {
  const { active } = listGoodsSchema.parse(pickQuery(url, ["active"] as const));
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
