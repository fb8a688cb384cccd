// The IIIF clients people open pictor's images in, pinned from npm and driven in Chromium:
// Mirador 4.0.0 (bundling OpenSeadragon 5.0.1) on generated manifests, and OpenSeadragon
// 5.0.1 and 6 on info.json. Each public image (a flat JPEG, a pyramid, an EXIF-rotated JPEG,
// a substitute service) is drawn with its own aspect ratio at the home view, no tile request
// asks for a region stretched to another shape, and zooming in asks for finer tiles. Then
// IIIF Authentication 1.0 as Mirador runs it: the degraded image before login, the login
// window, full-resolution tiles after; a user without the role sees the refusal.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { drawnExtent, launch, screenshot } from "./support/browser.mjs";
import { startClients } from "./support/clients.mjs";
import { startPictor } from "./support/pictor.mjs";

let pictor, clients, browser;
const IMAGES = {
  "photo.jpg": { width: 6000, height: 4000 }, // a large flat JPEG: served from its side-car
  "pyramid.tif": { width: 6000, height: 4000 }, // a pyramid TIFF
  "portrait.jpg": { width: 400, height: 600 }, // flat, stored 600x400, EXIF orientation 6
};

before(async () => {
  pictor = await startPictor(
    {
      "photo.jpg": "photo.jpg", "pyramid.tif": "pyramid.tif", "portrait.jpg": "portrait.jpg", "closed.jpg": "photo.jpg", "sub.jpg": "photo.jpg",
      "album/a.jpg": "portrait.jpg", "album/b.jpg": "photo.jpg", "album/c.jpg": "photo.jpg",
    },
  );
  const json = { "Content-Type": "application/json" };
  await pictor.admin("/admin/roles/staff", { method: "PUT" });
  await pictor.admin("/admin/roles/other", { method: "PUT" });
  for (const [user, roles] of [["reader", ["staff"]], ["visitor", ["other"]]])
    await pictor.admin(`/admin/users/${user}`, { method: "PUT", headers: json, body: JSON.stringify({ password: `${user}-pass`, roles }) });
  await pictor.admin("/admin/assets/closed.jpg/policy", { method: "PUT", headers: json, body: JSON.stringify({ roles: ["staff"], openFullMax: 256 }) });
  await pictor.admin("/admin/assets/album%2Fa.jpg/policy", { method: "PUT", headers: json, body: JSON.stringify({ title: "The first page" }) });
  await pictor.admin("/admin/assets/album%2Fb.jpg/policy", { method: "PUT", headers: json, body: JSON.stringify({ roles: ["staff"], title: "Secret" }) });
  await pictor.admin("/admin/assets/sub.jpg/policy", { method: "PUT", headers: json, body: JSON.stringify({ roles: ["staff"], openMaxWidth: 400 }) });
  clients = await startClients();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  clients?.stop();
  pictor?.stop();
});

// Every IIIF image request a page makes to pictor, with its region and size as numbers.
function watch(page) {
  const seen = [];
  page.on("response", (r) => {
    const m = /\/iiif\/[23]\/(.+?)\/(full|square|\d+,\d+,\d+,\d+|pct:[^/]+)\/([^/]+)\/!?[\d.]+\/\w+\.\w+$/.exec(new URL(r.url()).pathname);
    if (!m) return;
    const region = /^(\d+),(\d+),(\d+),(\d+)$/.exec(m[2]);
    const size = /^(\d*),(\d*)$/.exec(m[3].replace(/^\^/, ""));
    seen.push({
      url: r.url(),
      status: r.status(),
      id: decodeURIComponent(m[1]),
      region: region ? { w: Number(region[3]), h: Number(region[4]) } : undefined,
      size: size ? { w: Number(size[1]) || undefined, h: Number(size[2]) || undefined } : undefined,
    });
  });
  return seen;
}

// A tile whose size has another shape than its region (more than a pixel of rounding off).
const stretched = (requests) =>
  requests.filter((r) => r.region && r.size?.w && r.size?.h && Math.abs(r.size.w * r.region.h - r.size.h * r.region.w) > Math.max(r.region.w, r.region.h));

async function settle(page, requests, quietMs = 700, timeoutMs = 15000) {
  const until = Date.now() + timeoutMs;
  let count = -1, since = Date.now();
  while (Date.now() < until) {
    if (requests.length !== count) [count, since] = [requests.length, Date.now()];
    else if (count > 0 && Date.now() - since > quietMs) return;
    await page.waitForTimeout(100);
  }
}

// The canvases are wider than any test image, so the viewer fits the image to the canvas's
// height: the drawn width along the middle row must be that height times the image's aspect.
function assertAspect(extent, expected, what) {
  const want = expected.width / expected.height;
  assert.ok(extent.canvasWidth / extent.canvasHeight > want, `${what}: the canvas is wider than the image`);
  assert.ok(extent.down > extent.canvasHeight * 0.9, `${what}: the image spans the canvas's height (${JSON.stringify(extent)})`);
  const got = extent.across / extent.down;
  assert.ok(Math.abs(got - want) / want < 0.04, `${what}: drawn ${extent.across} x ${extent.down} (aspect ${got.toFixed(3)}), the image's is ${want.toFixed(3)}`);
}

const smallestRegion = (requests) => Math.min(...requests.filter((r) => r.region && r.status === 200).map((r) => r.region.w));

for (const version of [5, 6]) {
  test(`OpenSeadragon ${version}: every image at its aspect, no stretched tile, finer tiles when zoomed`, async () => {
    // `deep`: larger than the canvas, so zooming in reaches finer levels.
    const cases = [
      ["photo.jpg", IMAGES["photo.jpg"], true],
      ["pyramid.tif", IMAGES["pyramid.tif"], true],
      ["portrait.jpg", IMAGES["portrait.jpg"], false],
      ["sub.jpg/substitute", IMAGES["photo.jpg"], false],
    ];
    for (const [id, size, deep] of cases) {
      const page = await browser.newPage({ viewport: { width: 1000, height: 500 } });
      const requests = watch(page);
      await page.goto(clients.osd(version, `${pictor.base}/iiif/3/${id}/info.json`));
      await page.waitForFunction(() => window.openFailed || (window.viewer.world.getItemCount() > 0 && window.viewer.world.getItemAt(0).getFullyLoaded()), null, { timeout: 20000 });
      assert.equal(await page.evaluate(() => window.openFailed), undefined, `${id} opens`);
      await settle(page, requests);
      const name = `osd${version}-${id.replace(/\W/g, "_")}`;
      assertAspect(await drawnExtent(browser, await screenshot(page.locator("#osd"), name)), size, `OSD ${version} ${id}`);
      assert.ok(requests.some((r) => r.status === 200), `${id}: images were fetched`);
      let finest = smallestRegion(requests);
      for (const factor of deep ? [2, 4, 8, 16] : [2, 4]) {
        await page.evaluate((f) => window.viewer.viewport.zoomTo(window.viewer.viewport.getHomeZoom() * f, null, true), factor);
        await page.waitForFunction(() => window.viewer.world.getItemAt(0).getFullyLoaded(), null, { timeout: 20000 }).catch(() => {});
        await settle(page, requests);
      }
      if (deep) assert.ok(smallestRegion(requests) < finest, `${id}: zooming in asks for finer tiles (${smallestRegion(requests)} < ${finest})`);
      assert.deepEqual(stretched(requests).map((r) => r.url), [], `OSD ${version} ${id}: no stretched tile`);
      await page.close();
    }
  });
}

async function openMirador(id, context, thumbnails = false) {
  const page = await (context ?? browser).newPage({ viewport: { width: 1400, height: 760 } });
  const requests = watch(page);
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(clients.mirador(`${pictor.base}/iiif/presentation/3/${encodeURIComponent(id)}/manifest`, thumbnails));
  await page.waitForSelector(".openseadragon-canvas", { timeout: 20000 });
  return { page, requests, problems };
}

test("Mirador 4: every public image at its aspect, no stretched tile, finer tiles when zoomed", async () => {
  for (const [id, size] of Object.entries(IMAGES)) {
    const deep = size.width > 1400;
    const { page, requests, problems } = await openMirador(id);
    for (let i = 0; i < 150 && !requests.some((r) => r.region && r.status === 200); i++) await page.waitForTimeout(100);
    await settle(page, requests, 1000);
    const canvas = page.locator(".openseadragon-canvas").first();
    assertAspect(await drawnExtent(browser, await screenshot(canvas, `mirador-${id}`)), size, `Mirador ${id}`);
    const finest = smallestRegion(requests);
    const box = await canvas.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let step = 0; step < 4; step++) {
      await page.mouse.wheel(0, -400);
      await page.waitForTimeout(300);
      await settle(page, requests);
    }
    if (deep) assert.ok(smallestRegion(requests) < finest, `Mirador ${id}: zooming in asks for finer tiles`);
    assert.deepEqual(stretched(requests).map((r) => r.url), [], `Mirador ${id}: no stretched tile`);
    assert.deepEqual(problems, [], `Mirador ${id}: no page errors`);
    await page.close();
  }
});

// Mirador's Auth 1.0 login: its auth bar ("Continue", then the login service's confirmLabel)
// opens the login service in a window; after it closes, Mirador asks the token service.
async function miradorLogin(page, context, user) {
  await page.getByRole("button", { name: /continue/i }).click();
  const [login] = await Promise.all([context.waitForEvent("page"), page.locator("button", { hasText: "Log in" }).click()]);
  await login.waitForLoadState();
  assert.match(login.url(), /\/auth\/v1\/login\?origin=/);
  await login.fill("input[name=username]", user);
  await login.fill("input[name=password]", `${user}-pass`);
  await Promise.all([login.waitForEvent("close"), login.click("button[type=submit]")]);
}

const isTile = (r) => r.id === "closed.jpg" && r.region;

test("Mirador 4 and IIIF Auth 1.0: the open part before login, full-resolution tiles after", async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 760 } });
  const { page, requests, problems } = await openMirador("closed.jpg", context);
  // Before login: the coarsest level (a full-region answer within openFullMax 256) is drawn.
  await page.getByRole("button", { name: /continue/i }).waitFor({ timeout: 20000 });
  for (let i = 0; i < 100 && !requests.some((r) => r.status === 200 && !r.region); i++) await page.waitForTimeout(100);
  await settle(page, requests);
  const open = requests.filter((r) => r.id === "closed.jpg" && r.status === 200);
  assert.ok(open.length > 0, "the open part was fetched");
  assert.ok(open.every((r) => !r.region && Math.max(r.size.w ?? 0, r.size.h ?? 0) <= 256), JSON.stringify(open.map((r) => r.url)));
  const canvas = page.locator(".openseadragon-canvas").first();
  assertAspect(await drawnExtent(browser, await screenshot(canvas, "mirador-auth-before")), IMAGES["photo.jpg"], "degraded");

  await miradorLogin(page, context, "reader");
  await page.getByRole("button", { name: /log out/i }).waitFor({ timeout: 20000 });
  // Zooming in now brings full-resolution tiles (the session cookie rides along).
  const before = requests.length;
  const box = await canvas.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let step = 0; step < 5; step++) {
    await page.mouse.wheel(0, -400);
    await page.waitForTimeout(300);
  }
  await settle(page, requests);
  const after = requests.slice(before).filter((r) => isTile(r) && r.status === 200);
  assert.ok(after.length > 0, "full-resolution tiles after login");
  assert.ok(Math.min(...after.map((r) => r.region.w)) <= 1024, "fine tiles (1024 px or less of the image each)");
  await screenshot(canvas, "mirador-auth-after");
  assert.deepEqual(stretched(requests).map((r) => r.url), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("Mirador 4 and IIIF Auth 1.0: a user without the role sees the refusal", async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 760 } });
  const { page, requests } = await openMirador("closed.jpg", context);
  const infos = [];
  page.on("response", (r) => r.url().endsWith("/closed.jpg/info.json") && infos.push(r.status()));
  await page.getByRole("button", { name: /continue/i }).waitFor({ timeout: 20000 });
  await miradorLogin(page, context, "visitor");
  for (let i = 0; i < 100 && !infos.includes(403); i++) await page.waitForTimeout(100);
  assert.ok(infos.includes(403), `info.json with the token: 403 (${infos})`);
  // Mirador says so: its error dialog carries the status text of the 403.
  await page.getByText("Forbidden", { exact: true }).waitFor({ timeout: 10000 });
  await screenshot(page, "mirador-auth-refused");
  assert.ok(!requests.some((r) => isTile(r) && r.status === 200), "no tile of the image");
  await context.close();
});

test("Mirador 4 on a folder's manifest: labels, canvases, thumbnails, and nothing restricted shown", async () => {
  const { page, requests, problems } = await openMirador("album", undefined, true);
  await page.getByText("album", { exact: true }).first().waitFor({ timeout: 20000 }); // the manifest's label
  await page.getByText("1 of 3", { exact: false }).waitFor();
  await page.getByText("The first page", { exact: false }).first().waitFor({ state: "attached" }); // the catalog title
  await settle(page, requests, 1000);
  // Thumbnails of the open canvases come from the listed open sizes.
  const thumbs = requests.filter((r) => !r.region && r.status === 200);
  assert.ok(thumbs.some((r) => r.id === "album/a.jpg"), JSON.stringify(requests.map((r) => r.url)));
  // Through every canvas: the restricted one shows nothing (no pixel answered), its title stays out.
  for (const n of [2, 3]) {
    await page.getByRole("button", { name: /next item/i }).click();
    await page.getByText(`${n} of 3`, { exact: false }).waitFor();
    await settle(page, requests, 1000);
  }
  assert.ok(!requests.some((r) => r.id === "album/b.jpg" && r.status === 200), JSON.stringify(requests.filter((r) => r.id === "album/b.jpg")));
  assert.ok(requests.some((r) => r.id === "album/c.jpg" && r.region && r.status === 200), "the third canvas draws tiles");
  assert.equal(await page.getByText("Secret").count(), 0);
  assert.deepEqual(stretched(requests).map((r) => r.url), []);
  assert.deepEqual(problems, []);
  await page.close();
});
