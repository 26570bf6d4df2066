import { apiRoute, routes } from "@/lib/api/route";
import { parseListQuery, pickQuery } from "@/lib/api/pagination";
import { createGoods, listGoods } from "@/lib/goods/goods";
import { createGoodsSchema, listGoodsSchema } from "@/lib/goods/schemas";

export const { GET, POST, PUT, PATCH, DELETE } = routes({
  POST: apiRoute({ auth: "secret", body: createGoodsSchema }, async ({ owner, body }) => ({
    status: 201,
    body: await createGoods(owner, body),
  })),
  GET: apiRoute({ auth: "secret" }, async ({ owner, url }) => {
    const { active } = listGoodsSchema.parse(pickQuery(url, ["active"] as const));
    return { status: 200, body: await listGoods(owner, { ...parseListQuery(url), active: active === undefined ? undefined : active === "true" }) };
  }),
});
