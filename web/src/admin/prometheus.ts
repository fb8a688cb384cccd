// Reads the Prometheus text exposition (/admin/metrics) into sample values by name, summing
// over labels unless a label filter is given.

export type Samples = Map<string, { labels: Record<string, string>; value: number }[]>;

export function parseExposition(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[3] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[pair[1]] = pair[2];
    const list = samples.get(match[1]) ?? [];
    list.push({ labels, value: Number(match[4]) });
    samples.set(match[1], list);
  }
  return samples;
}

export function total(samples: Samples, name: string, filter: Record<string, string> = {}): number {
  let sum = 0;
  for (const s of samples.get(name) ?? [])
    if (Object.entries(filter).every(([k, v]) => s.labels[k] === v)) sum += s.value;
  return sum;
}
