// The third-party IIIF clients, as their npm packages ship them, served on a loopback port of
// their own (another origin than pictor's, as an institution's site is): Mirador 4.0.0 (its
// bundle carries OpenSeadragon 5.0.1), and OpenSeadragon 5.0.1 and 6 alone (6 is the one the
// viewer bundles). Pages:
//   /mirador.html?manifest=URL[&thumbnails=1]   Mirador with one window on the manifest
//   /osd.html?v=5|6&info=URL            OpenSeadragon on an info.json, as window.viewer
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { paths } from "./pictor.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "..", "node_modules");

function scripts() {
  return {
    "/mirador.js": join(modules, "mirador/dist/mirador.min.js"),
    "/osd5.js": join(modules, "openseadragon/build/openseadragon/openseadragon.min.js"),
    // The viewer's own OpenSeadragon (web/package.json pins it).
    "/osd6.js": join(dirname(paths.ui()), "node_modules/openseadragon/build/openseadragon/openseadragon.min.js"),
  };
}

const page = (body) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>client</title>
<style>html,body{margin:0;height:100%;background:#202020}</style></head><body>${body}</body></html>`;

function miradorPage(manifest, thumbnails) {
  const config = {
    id: "mirador",
    windows: [{ manifestId: manifest, thumbnailNavigationPosition: thumbnails ? "far-bottom" : "off" }],
    window: { allowClose: false, allowMaximize: false, sideBarOpen: false, defaultView: "single" },
    workspaceControlPanel: { enabled: false },
    workspace: { showZoomControls: false },
  };
  return page(`<div id="mirador" style="position:absolute;inset:0"></div>
<script src="/mirador.js"></script>
<script>window.mirador = Mirador.viewer(${JSON.stringify(config)});</script>`);
}

function osdPage(version, info) {
  const options = {
    id: "osd",
    tileSources: info,
    showNavigationControl: false,
    animationTime: 0,
    blendTime: 0,
    immediateRender: false,
    crossOriginPolicy: "Anonymous", // pictor answers CORS; OpenSeadragon 6 draws with WebGL
  };
  return page(`<div id="osd" style="width:1000px;height:500px;background:#202020"></div>
<script src="/osd${version}.js"></script>
<script>window.viewer = OpenSeadragon(${JSON.stringify(options)});
window.viewer.addHandler("open-failed", (e) => { window.openFailed = e.message; });</script>`);
}

export async function startClients() {
  const files = scripts();
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://clients");
    const send = (status, type, body) => {
      res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
      res.end(body);
    };
    if (files[url.pathname]) return send(200, "text/javascript", readFileSync(files[url.pathname]));
    if (url.pathname === "/mirador.html")
      return send(200, "text/html", miradorPage(url.searchParams.get("manifest"), url.searchParams.get("thumbnails") === "1"));
    if (url.pathname === "/osd.html")
      return send(200, "text/html", osdPage(url.searchParams.get("v") === "6" ? 6 : 5, url.searchParams.get("info")));
    send(404, "text/plain", "not found");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    mirador: (manifest, thumbnails = false) => `${base}/mirador.html?manifest=${encodeURIComponent(manifest)}${thumbnails ? "&thumbnails=1" : ""}`,
    osd: (version, info) => `${base}/osd.html?v=${version}&info=${encodeURIComponent(info)}`,
    stop: () => server.close(),
  };
}
