import { serveWechatpay } from "@/lib/sandbox/http-entry";

type Ctx = { params: Promise<{ path: string[] }> };
const handle = async (req: Request, { params }: Ctx) => serveWechatpay(req, (await params).path.join("/"));

export const dynamic = "force-dynamic";
export const GET = handle;
export const POST = handle;
