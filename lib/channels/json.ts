/** JSON.parse that answers undefined instead of throwing: provider bodies are untrusted text. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
