import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { currentMerchant } from "@/lib/auth/session";
import { pageTitle } from "@/i18n/server";
import { SignInForm } from "./sign-in-form";
import { AuthFrame } from "../_components/auth-frame";

export const dynamic = "force-dynamic";
export const generateMetadata = pageTitle("signIn");

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await currentMerchant()) redirect("/dashboard");
  const sp = await searchParams;
  const t = await getTranslations("auth.signIn");
  return (
    <AuthFrame title={t("title")}>
      <SignInForm initialError={typeof sp.error === "string" ? sp.error : undefined} />
      <p className="mt-6 text-center text-sm text-slate-600">
        {t("newHere")}{" "}
        <Link href="/signup" className="font-medium text-indigo-700 underline">
          {t("createAccount")}
        </Link>
      </p>
    </AuthFrame>
  );
}
