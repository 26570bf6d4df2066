import { apiRoute, routes } from "@/lib/api/route";
import { getGoodsOrThrow, goodsView, updateGoods } from "@/lib/goods/goods";
import { updateGoodsSchema } from "@/lib/goods/schemas";

// Goods are never deleted (orders reference them): PATCH { "active": false } retires them.
export const { GET, POST, PUT, PATCH, DELETE } = routes({
  GET: apiRoute({ auth: "secret" }, async ({ owner, params }) => ({
    status: 200,
    body: goodsView(await getGoodsOrThrow(owner, params.id!)),
  })),
  PATCH: apiRoute({ auth: "secret", body: updateGoodsSchema }, async ({ owner, params, body }) => ({
    status: 200,
    body: await updateGoods(owner, params.id!, body),
  })),
});
