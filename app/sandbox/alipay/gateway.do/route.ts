import { serveAlipayGateway } from "@/lib/sandbox/http-entry";

export const dynamic = "force-dynamic";
export const GET = serveAlipayGateway;
export const POST = serveAlipayGateway;
