import type { Metadata } from "next";

export const metadata: Metadata = { title: { default: "payrelay portal", template: "%s · payrelay" } };

/** The merchant portal: sign-in/sign-up pages and, under (app), the signed-in shell. */
export default function PortalLayout({ children }: { children: React.ReactNode }) {
  return <div className="min-h-screen bg-slate-50">{children}</div>;
}
