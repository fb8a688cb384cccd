// Builds the viewer and the admin console into dist/, the folder pictor serves under /ui/
// (ui.dir; installed with the package): one bundle per page, the two page shells, the style
// sheet and OpenSeadragon's button images. No CDN: everything comes from here.
import * as esbuild from "esbuild";
import { cpSync, mkdirSync, rmSync } from "node:fs";

const out = "dist";
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
await esbuild.build({
  entryPoints: { viewer: "src/viewer/main.ts", admin: "src/admin/main.ts" },
  bundle: true,
  minify: true,
  sourcemap: true,
  target: "es2020",
  format: "iife",
  outdir: out,
  logLevel: "warning",
});
cpSync("src/pictor.css", `${out}/pictor.css`);
cpSync("pages/viewer.html", `${out}/viewer.html`);
cpSync("pages/admin.html", `${out}/admin.html`);
cpSync("node_modules/openseadragon/build/openseadragon/images", `${out}/osd-images`, {
  recursive: true,
});
