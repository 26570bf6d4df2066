"use server";

import { signUpMerchant } from "@/lib/portal/merchant";
import { formValues } from "@/lib/portal/form-errors";
import { getMessageRenderer } from "@/i18n/server";

export type SignUpState = {
  fieldErrors?: Record<string, string>;
  values?: { email: string; name: string };
  created?: { email: string; testSecretKey: string; testPublishableKey: string };
};

/** Creates the merchant exactly as the CLI does; the form then signs in with the same credentials. */
export async function signUpAction(_prev: SignUpState, form: FormData): Promise<SignUpState> {
  const raw = formValues(form);
  const result = await signUpMerchant(raw);
  if (!result.ok) return { fieldErrors: (await getMessageRenderer()).fieldErrors(result.fieldErrors), values: { email: raw.email ?? "", name: raw.name ?? "" } };
  return {
    created: { email: result.email, testSecretKey: result.merchant.testSecretKey, testPublishableKey: result.merchant.testPublishableKey },
  };
}
