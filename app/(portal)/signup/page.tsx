import Link from "next/link";
import { redirect } from "next/navigation";
import { currentMerchant } from "@/lib/auth/session";
import { MIN_PASSWORD_LENGTH } from "@/lib/merchants/schemas";
import { AuthFrame } from "../_components/auth-frame";
import { SignUpForm } from "./sign-up-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Create your account" };

export default async function SignUpPage() {
  if (await currentMerchant()) redirect("/dashboard");
  return (
    <AuthFrame title="Create your payrelay account">
      <SignUpForm minPasswordLength={MIN_PASSWORD_LENGTH} />
      <p className="mt-6 text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/signin" className="font-medium text-indigo-700 underline">
          Sign in
        </Link>
      </p>
    </AuthFrame>
  );
}
