"use server";

import { signUpMerchant } from "@/lib/portal/merchant";
import { formValues, type FieldErrors } from "@/lib/portal/form-errors";

export type SignUpState = {
  fieldErrors?: FieldErrors;
  values?: { email: string; name: string };
  created?: { email: string; testSecretKey: string; testPublishableKey: string };
};

/** Creates the merchant exactly as the CLI does; the form then signs in with the same credentials. */
export async function signUpAction(_prev: SignUpState, form: FormData): Promise<SignUpState> {
  const raw = formValues(form);
  const result = await signUpMerchant(raw);
  if (!result.ok) return { fieldErrors: result.fieldErrors, values: { email: raw.email ?? "", name: raw.name ?? "" } };
  return {
    created: { email: result.email, testSecretKey: result.merchant.testSecretKey, testPublishableKey: result.merchant.testPublishableKey },
  };
}
