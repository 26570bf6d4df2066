"use server";

import { headers } from "next/headers";
import { clientAddress } from "@/lib/api/client-address";
import { signUpMerchant } from "@/lib/portal/merchant";
import { formValues } from "@/lib/portal/form-errors";
import { getMessageRenderer } from "@/i18n/server";

export type SignUpState = {
  fieldErrors?: Record<string, string>;
  /** A refusal of the whole form (too many sign-ups from this address). */
  formError?: string;
  values?: { email: string; name: string };
  created?: { email: string; testSecretKey: string; testPublishableKey: string };
};

/** Creates the merchant exactly as the CLI does; the form then signs in with the same credentials. */
export async function signUpAction(_prev: SignUpState, form: FormData): Promise<SignUpState> {
  const raw = formValues(form);
  const result = await signUpMerchant(raw, clientAddress(await headers()));
  const values = { email: raw.email ?? "", name: raw.name ?? "" };
  if (!result.ok && result.rateLimited) return { formError: (await getMessageRenderer()).render(result.rateLimited.message), values };
  if (!result.ok) return { fieldErrors: (await getMessageRenderer()).fieldErrors(result.fieldErrors), values };
  return {
    created: { email: result.email, testSecretKey: result.merchant.testSecretKey, testPublishableKey: result.merchant.testPublishableKey },
  };
}
