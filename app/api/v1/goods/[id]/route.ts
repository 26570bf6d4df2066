import { apiRoute, methodNotAllowed } from "@/lib/api/route";
import { getGoodsOrThrow, goodsView, updateGoods } from "@/lib/goods/goods";
import { updateGoodsSchema } from "@/lib/goods/schemas";

export const GET = apiRoute({ auth: "secret" }, async ({ key, livemode, params }) => ({
  status: 200,
  body: goodsView(await getGoodsOrThrow({ merchantId: key.merchantId, livemode }, params.id!)),
}));

export const PATCH = apiRoute({ auth: "secret", body: updateGoodsSchema }, async ({ key, livemode, params, body }) => ({
  status: 200,
  body: await updateGoods({ merchantId: key.merchantId, livemode }, params.id!, body),
}));

// Goods are never deleted (orders reference them): PATCH { "active": false } retires them.
export const DELETE = methodNotAllowed;
export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
