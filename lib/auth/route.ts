import NextAuth from "next-auth";
import { authOptions } from "./options";

type Ctx = { params: Promise<{ nextauth: string[] }> };

/** The /api/auth/[...nextauth] handler, options built on first request rather than at import. */
export async function authRouteHandler(req: Request, ctx: Ctx): Promise<Response> {
  const handler = NextAuth(authOptions()) as (req: Request, ctx: Ctx) => Promise<Response>;
  return handler(req, ctx);
}
