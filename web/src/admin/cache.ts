// Cache and metrics: the derivative cache's numbers, a purge button, and small charts of the
// main metrics, sampled from /admin/metrics every few seconds while the section is open.
import { h } from "../common/dom";
import { call, sendJson } from "./api";
import { parseExposition, total, type Samples } from "./prometheus";
import { page, report, toast } from "./ui";

const SVG = "http://www.w3.org/2000/svg";
const POINTS = 40;
let timer: ReturnType<typeof setInterval> | undefined;

export function stopCharts() {
  if (timer) clearInterval(timer);
  timer = undefined;
}

interface Series {
  title: string;
  unit: string;
  values: number[];
  // The value of one sample from this scrape and the previous one (rates need both).
  read: (now: Samples, before: Samples | undefined, seconds: number) => number;
}

function rate(name: string, filter: Record<string, string> = {}) {
  return (now: Samples, before: Samples | undefined, seconds: number) =>
    before ? Math.max(0, (total(now, name, filter) - total(before, name, filter)) / seconds) : 0;
}

function draw(series: Series): SVGSVGElement {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${POINTS} 20`);
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("role", "img");
  const last = series.values[series.values.length - 1] ?? 0;
  svg.setAttribute("aria-label", `${series.title}: ${last.toFixed(2)} ${series.unit}`);
  const max = Math.max(1e-9, ...series.values);
  const points = series.values
    .map((v, i) => `${i + POINTS - series.values.length},${(20 - (v / max) * 19).toFixed(2)}`)
    .join(" ");
  const line = document.createElementNS(SVG, "polyline");
  line.setAttribute("points", points);
  line.setAttribute("fill", "none");
  line.setAttribute("vector-effect", "non-scaling-stroke");
  svg.append(line);
  return svg;
}

export async function showCache() {
  const stats = h("dl", { class: "stats", id: "cache-stats" });
  const charts = h("div", { class: "charts", id: "charts" });
  const purge = h("button", { type: "button", class: "danger", id: "purge", text: "Purge the derivative cache" });
  purge.onclick = () => {
    if (!confirm("Remove every cached derivative? They are rendered again on demand.")) return;
    void report("Purging", async () => {
      const answer = await (await sendJson("POST", "/admin/cache/purge", {})).json();
      toast((answer as { purged: boolean }).purged ? "Cache purged." : "No cache is configured.");
    });
  };
  page().replaceChildren(
    h("h2", { text: "Cache & metrics" }),
    h("section", { class: "card" }, h("h3", { text: "Derivative cache" }), stats, purge),
    h("section", { class: "card" }, h("h3", { text: "Main metrics" }), charts),
  );

  const series: Series[] = [
    { title: "Requests", unit: "per second", values: [], read: rate("pictor_http_requests_total") },
    { title: "Cache hits", unit: "per second", values: [], read: rate("pictor_cache_hits_total") },
    { title: "Renders", unit: "per second", values: [], read: rate("pictor_renders_total") },
    {
      title: "Decoded pixels",
      unit: "megapixels per second",
      values: [],
      read: (n, b, s) => rate("pictor_decoded_pixels_total")(n, b, s) / 1e6,
    },
    { title: "Open connections", unit: "", values: [], read: (n) => total(n, "pictor_open_connections") },
  ];
  let before: Samples | undefined;
  let beforeAt = 0;
  const sample = async () => {
    const text = await (await call("/admin/metrics")).text();
    const now = parseExposition(text);
    const at = performance.now();
    const seconds = before ? Math.max(0.001, (at - beforeAt) / 1000) : 1;
    const hits = total(now, "pictor_cache_hits_total");
    const misses = total(now, "pictor_cache_misses_total");
    const rows: [string, string][] = [
      ["Entries", String(total(now, "pictor_cache_entries"))],
      ["Size", `${(total(now, "pictor_cache_bytes") / 1048576).toFixed(1)} MiB`],
      ["Hits", String(hits)],
      ["Memory hits", String(total(now, "pictor_cache_memory_hits_total"))],
      ["Misses", String(misses)],
      ["Hit ratio", hits + misses ? `${((100 * hits) / (hits + misses)).toFixed(1)} %` : "–"],
      ["Evictions", String(total(now, "pictor_cache_evictions_total"))],
    ];
    stats.replaceChildren(...rows.flatMap(([k, v]) => [h("dt", { text: k }), h("dd", { text: v })]));
    charts.replaceChildren(
      ...series.map((s) => {
        s.values.push(s.read(now, before, seconds));
        if (s.values.length > POINTS) s.values.shift();
        const last = s.values[s.values.length - 1];
        return h("figure", {}, draw(s), h("figcaption", { text: `${s.title}: ${last.toFixed(2)} ${s.unit}` }));
      }),
    );
    before = now;
    beforeAt = at;
  };
  await sample();
  stopCharts();
  timer = setInterval(() => void sample().catch(() => stopCharts()), 3000);
}
