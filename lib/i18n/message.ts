import type en from "../../messages/en.json";

/**
 * Words that lib/ decides on (a form error, a timeline entry, a resend result) travel as a message
 * key with its values, never as a sentence: the page or server action that shows them renders the
 * key in the reader's language. A value may itself be a message (a field's label inside an error).
 */
type Leaves<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every message key, "goods.form.price" style; messages/en.json is the reference for the key set. */
export type MessageKey = Leaves<typeof en>;

export type MessageValues = Record<string, string | number | Message>;
export type Message = { key: MessageKey; values?: MessageValues };

export function msg(key: MessageKey, values?: MessageValues): Message {
  return values ? { key, values } : { key };
}

/** What renders a key: next-intl's translator for the request, or `translatorFor(locale)`. */
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function renderMessage(t: Translate, message: Message): string {
  if (!message.values) return t(message.key);
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.values)) values[name] = typeof value === "object" ? renderMessage(t, value) : value;
  return t(message.key, values);
}

/** A form's field errors as the sentences shown under each field. */
export function renderFieldErrors(t: Translate, errors: Record<string, Message>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, m]) => [field, renderMessage(t, m)]));
}
