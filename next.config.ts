import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const nextConfig: NextConfig = {
  // wechatpay-node-v3 reads files and uses superagent at runtime; bundling it breaks both.
  serverExternalPackages: ["wechatpay-node-v3", "alipay-sdk", "pino", "bullmq", "ioredis", "mysql2", "prom-client"],
  poweredByHeader: false,
  typedRoutes: false,
  // The build checks the app's own types; tests, e2e and scripts are checked by `npm run typecheck`.
  typescript: { tsconfigPath: "tsconfig.build.json" },
};

// The portal's language per request (cookie, then Accept-Language): i18n/request.ts.
export default createNextIntlPlugin("./i18n/request.ts")(nextConfig);
