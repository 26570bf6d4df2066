import Link from "next/link";
import { redirect } from "next/navigation";
import { currentMerchant } from "@/lib/auth/session";
import { SignInForm } from "./sign-in-form";
import { AuthFrame } from "../_components/auth-frame";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await currentMerchant()) redirect("/dashboard");
  const sp = await searchParams;
  return (
    <AuthFrame title="Sign in to payrelay">
      <SignInForm initialError={typeof sp.error === "string" ? sp.error : undefined} />
      <p className="mt-6 text-center text-sm text-slate-600">
        New to payrelay?{" "}
        <Link href="/signup" className="font-medium text-indigo-700 underline">
          Create an account
        </Link>
      </p>
    </AuthFrame>
  );
}
