import { z } from "zod";
import { apiRoute, routes } from "@/lib/api/route";
import { parseListQuery } from "@/lib/api/pagination";
import { createGoods, listGoods } from "@/lib/goods/goods";
import { createGoodsSchema } from "@/lib/goods/schemas";

const activeFilter = z.enum(["true", "false"]).optional();

export const { GET, POST, PUT, PATCH, DELETE } = routes({
  POST: apiRoute({ auth: "secret", body: createGoodsSchema }, async ({ owner, body }) => ({
    status: 201,
    body: await createGoods(owner, body),
  })),
  GET: apiRoute({ auth: "secret" }, async ({ owner, url }) => {
    const active = activeFilter.parse(url.searchParams.get("active") ?? undefined);
    return { status: 200, body: await listGoods(owner, { ...parseListQuery(url), active: active === undefined ? undefined : active === "true" }) };
  }),
});
