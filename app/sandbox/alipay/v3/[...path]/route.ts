import { serveAlipayV3 } from "@/lib/sandbox/http-entry";

type Ctx = { params: Promise<{ path: string[] }> };
const handle = async (req: Request, { params }: Ctx) => serveAlipayV3(req, (await params).path.join("/"));

export const dynamic = "force-dynamic";
export const GET = handle;
export const POST = handle;
