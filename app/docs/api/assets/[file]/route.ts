import { referenceAsset } from "@/lib/openapi/reference-page";

type Ctx = { params: Promise<{ file: string }> };

export async function GET(_req: Request, { params }: Ctx) {
  const asset = await referenceAsset((await params).file);
  if (!asset) return new Response("not found", { status: 404, headers: { "content-type": "text/plain" } });
  return new Response(new Uint8Array(asset.body), {
    headers: { "content-type": asset.contentType, "cache-control": "public, max-age=3600", "x-content-type-options": "nosniff" },
  });
}
