// The viewer (/viewer/{id}) in Debian's chromium against the real pictor: deep zoom with tile
// requests and a canvas that is not blank, the tools (rotate, mirror, download, sizes), and
// the IIIF Auth 2.0 client flow: a restricted image shows its open part and the access
// service's heading, the login window and token service then open the full image; an image
// with a substitute service shows the substitute before login.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { fitsWidth, launch, lowContrast, pixelStats, screenshot, unlabelledControls } from "./support/browser.mjs";
import { startPictor } from "./support/pictor.mjs";

let pictor, browser;
const tileOf = (id) => new RegExp(`/iiif/3/${id.replace(".", "\\.")}/(\\d+),(\\d+),(\\d+),(\\d+)/`);

before(async () => {
  pictor = await startPictor({
    "photo.jpg": "photo.jpg", "closed.jpg": "portrait.jpg", "sub.jpg": "photo.jpg",
    "album/a.jpg": "portrait.jpg", "album/b.jpg": "photo.jpg",
  });
  await pictor.admin("/admin/roles/staff", { method: "PUT" });
  await pictor.admin("/admin/users/reader", {
    method: "PUT",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ password: "reader-pass", roles: ["staff"] }),
  });
  const policy = (id, body) =>
    pictor.admin(`/admin/assets/${id}/policy`, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  await policy("closed.jpg", { roles: ["staff"], openFullMax: 256 });
  await policy("sub.jpg", { roles: ["staff"], openMaxWidth: 400 });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  pictor?.stop();
});

async function openViewer(id, context) {
  const page = await (context ?? (await browser.newContext())).newPage();
  const images = [];
  page.on("response", (r) => {
    if (/\/default\.jpg$/.test(r.url())) images.push({ url: r.url(), status: r.status() });
  });
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  await page.goto(`${pictor.base}/viewer/${id}`);
  return { page, images, problems };
}

test("the viewer loads, draws tiles and zooms in with more tiles", async () => {
  const { page, images, problems } = await openViewer("photo.jpg");
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("pixels"));
  await page.waitForFunction(() => document.querySelector("#osd canvas") !== null);
  const tiles = () => images.filter((i) => tileOf("photo.jpg").test(i.url) && i.status === 200);
  for (let i = 0; i < 100 && tiles().length === 0; i++) await page.waitForTimeout(100);
  assert.ok(tiles().length > 0, "tile requests were made");
  await page.waitForTimeout(800); // let the first level finish drawing
  assert.equal(await page.textContent("#status"), "6000 × 4000 pixels");

  const shot = await screenshot(page.locator("#osd"), "viewer-photo");
  const stats = await pixelStats(browser, shot);
  assert.ok(stats.stddev > 10, `the canvas shows a picture (luminance sd ${stats.stddev.toFixed(1)})`);
  assert.ok(stats.colours > 50, `many colours (${stats.colours})`);
  assert.ok(stats.background < 0.6, `mostly image, not background (${stats.background.toFixed(2)})`);

  // Zooming in asks for tiles of smaller regions (higher resolution).
  const widest = Math.min(...tiles().map((t) => Number(tileOf("photo.jpg").exec(t.url)[3])));
  const before = tiles().length;
  for (let i = 0; i < 4; i++) await page.click("#zoom-in");
  for (let i = 0; i < 100 && tiles().length === before; i++) await page.waitForTimeout(100);
  await page.waitForTimeout(1500);
  const zoomed = tiles().slice(before);
  assert.ok(zoomed.length > 0, "zooming in requested new tiles");
  const finest = Math.min(...zoomed.map((t) => Number(tileOf("photo.jpg").exec(t.url)[3])));
  assert.ok(finest < widest, `zoomed tiles cover less of the image (${finest} < ${widest})`);
  await screenshot(page, "viewer-zoomed");
  assert.deepEqual(problems, []);
  await page.close();
});

test("rotation, mirroring, the sizes gallery and the download of the view", async () => {
  const { page } = await openViewer("photo.jpg");
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("pixels"));
  await page.waitForFunction(() => !document.getElementById("download").href.endsWith("#"));
  await page.click("#rotate-right");
  await page.click("#mirror");
  assert.equal(await page.getAttribute("#mirror", "aria-pressed"), "true");
  await page.waitForFunction(() => /\/!90\/default\.jpg$/.test(document.getElementById("download").href));
  const href = await page.getAttribute("#download", "href");
  const download = await fetch(new URL(href, pictor.base));
  assert.equal(download.status, 200, href);
  assert.equal(download.headers.get("content-type"), "image/jpeg");

  // The gallery lists info.json's sizes, each a loadable image.
  const info = await (await fetch(`${pictor.base}/iiif/3/photo.jpg/info.json`)).json();
  await page.waitForFunction(
    (n) => [...document.querySelectorAll("#gallery img")].filter((i) => i.complete && i.naturalWidth > 0).length === n,
    info.sizes.length,
  );
  const widths = await page.$$eval("#gallery img", (imgs) => imgs.map((i) => i.naturalWidth));
  assert.deepEqual(widths, info.sizes.map((s) => s.width).sort((a, b) => a - b));

  assert.deepEqual(await unlabelledControls(page), []);
  assert.deepEqual(await lowContrast(page), []);
  await page.setViewportSize({ width: 390, height: 844 });
  assert.ok(await fitsWidth(page), "the viewer fits a phone's width");
  await screenshot(page, "viewer-phone");
  await page.close();
});

test("a restricted image: open part and the access service's words, then login, then full", async () => {
  const context = await browser.newContext();
  const { page, images } = await openViewer("closed.jpg", context);
  await page.waitForSelector("#auth:not([hidden])");
  assert.equal(await page.textContent("#auth-heading"), "This image is restricted");
  assert.equal(await page.textContent("#auth-note"), "Log in with your pictor account to see it.");
  assert.equal(await page.textContent("#auth-login"), "Log in");
  assert.deepEqual(await lowContrast(page), []);
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("open to everyone"));
  // Before login only the open sizes (openFullMax 256) were fetched, and nothing larger.
  for (let i = 0; i < 50 && !images.some((x) => x.status === 200); i++) await page.waitForTimeout(100);
  const sized = images.filter((x) => x.status === 200).map((x) => /\/full\/(\d+),(\d+)\//.exec(x.url));
  assert.ok(sized.length > 0 && sized.every((m) => m && Math.max(Number(m[1]), Number(m[2])) <= 256), JSON.stringify(images));
  await screenshot(page, "viewer-restricted");
  // The download is the open size that is shown, which an anonymous visitor may fetch.
  const href = await page.getAttribute("#download", "href");
  assert.match(href, /\/closed\.jpg\/full\/\d+,\d+\/0\/default\.jpg$/);
  assert.equal((await fetch(new URL(href, pictor.base))).status, 200);

  const [login] = await Promise.all([context.waitForEvent("page"), page.click("#auth-login")]);
  await login.waitForLoadState();
  await login.fill("input[name=username]", "reader");
  await login.fill("input[name=password]", "reader-pass");
  await Promise.all([login.waitForEvent("close"), login.click("button[type=submit], input[type=submit]")]);

  // The viewer asks the token service (iframe + postMessage), probes, and opens the full image.
  const info = await (await fetch(`${pictor.base}/iiif/3/closed.jpg/info.json`)).json();
  await page.waitForFunction(
    (text) => document.getElementById("status").textContent === text,
    `${info.width} × ${info.height} pixels`,
    { timeout: 20000 },
  );
  assert.equal(await page.isHidden("#auth"), true);
  for (let i = 0; i < 100 && !images.some((x) => tileOf("closed.jpg").test(x.url) && x.status === 200); i++)
    await page.waitForTimeout(100);
  assert.ok(images.some((x) => tileOf("closed.jpg").test(x.url) && x.status === 200), "full-resolution tiles after login");
  await page.waitForTimeout(800);
  const stats = await pixelStats(browser, await screenshot(page.locator("#osd"), "viewer-after-login"));
  assert.ok(stats.stddev > 10, "the full image is drawn");
  await context.close();
});

test("an image with a substitute service shows the substitute before login", async () => {
  const { page, images } = await openViewer("sub.jpg");
  await page.waitForSelector("#auth:not([hidden])");
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("open to everyone"));
  for (let i = 0; i < 100 && !images.some((x) => x.url.includes("/sub.jpg/substitute/") && x.status === 200); i++)
    await page.waitForTimeout(100);
  const substitute = images.filter((x) => x.url.includes("/sub.jpg/substitute/"));
  assert.ok(substitute.some((x) => x.status === 200), "tiles of the substitute service");
  assert.ok(!images.some((x) => /\/sub\.jpg\/\d/.test(x.url) && x.status === 200), "no main-service tile");
  await screenshot(page, "viewer-substitute");
  await page.close();
});

test("the landing page's form opens the viewer", async () => {
  const page = await browser.newPage();
  await page.goto(`${pictor.base}/`);
  assert.deepEqual(await unlabelledControls(page), []);
  assert.deepEqual(await lowContrast(page), []);
  await screenshot(page, "landing");
  await page.fill("#viewer-id", "photo.jpg");
  await Promise.all([page.waitForURL(`${pictor.base}/viewer/photo.jpg`), page.click("form button")]);
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("pixels"));
  await page.close();
});

test("a manifest opens with a picker over its canvases", async () => {
  const page = await browser.newPage();
  await page.goto(`${pictor.base}/viewer?manifest=${encodeURIComponent("/iiif/presentation/3/album/manifest")}`);
  await page.waitForFunction(() => document.getElementById("status").textContent === "400 × 600 pixels");
  assert.equal(await page.textContent("#title"), "album");
  assert.deepEqual(await page.$$eval("#canvas option", (o) => o.map((x) => x.textContent)), ["a.jpg", "b.jpg"]);
  assert.equal(await page.isVisible("#canvas"), true);
  await page.selectOption("#canvas", "1");
  await page.waitForFunction(() => document.getElementById("status").textContent === "6000 × 4000 pixels");
  assert.deepEqual(await unlabelledControls(page), []);
  await screenshot(page, "viewer-manifest");
  // Not a URL: refused before any page is served.
  assert.equal((await fetch(`${pictor.base}/viewer?manifest=javascript:alert(1)`)).status, 400);
  await page.close();
});

test("an unknown identifier says so", async () => {
  const { page } = await openViewer("nothing-here.jpg");
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("no image"));
  await page.close();
});
