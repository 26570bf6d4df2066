import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: "payrelay",
  description: "One payment API for Alipay H5, WeChat H5 and WeChat JSAPI, with a built-in test mode.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
