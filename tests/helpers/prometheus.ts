/** Reads Prometheus text exposition: the sum of a metric's samples whose labels include `labels`. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  let found = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || !line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) {
      total += Number(match[3]);
      found = true;
    }
  }
  return found ? total : 0;
}

/** Every label value in the exposition, to check none carries an id. */
export function labelValues(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => !l.startsWith("#"))
    .flatMap((l) => [...l.matchAll(/\w+="((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!));
}
