import { authRouteHandler } from "@/lib/auth/route";

export const GET = authRouteHandler;
export const POST = authRouteHandler;
