import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { currentMerchant } from "@/lib/auth/session";
import { MIN_PASSWORD_LENGTH } from "@/lib/merchants/schemas";
import { pageTitle } from "@/i18n/server";
import { AuthFrame } from "../_components/auth-frame";
import { SignUpForm } from "./sign-up-form";

export const dynamic = "force-dynamic";
export const generateMetadata = pageTitle("signUp");

export default async function SignUpPage() {
  if (await currentMerchant()) redirect("/dashboard");
  const t = await getTranslations("auth.signUp");
  return (
    <AuthFrame title={t("title")}>
      <SignUpForm minPasswordLength={MIN_PASSWORD_LENGTH} />
      <p className="mt-6 text-center text-sm text-slate-600">
        {t("haveAccount")}{" "}
        <Link href="/signin" className="font-medium text-indigo-700 underline">
          {t("signIn")}
        </Link>
      </p>
    </AuthFrame>
  );
}
