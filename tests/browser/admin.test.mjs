// The admin console (/admin/ui/) in Debian's chromium against the real pictor: sign-in, users
// and roles, uploading several files (chooser and drag and drop) with progress, search, the
// policy editor whose "as seen by anonymous" panel and a fresh anonymous viewer both show only
// the permitted size, an imaging action's preview with its canonical commands, the preview
// cache, cache statistics with purge and metric charts; accessible names and a phone's width.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fitsWidth, launch, lowContrast, screenshot, unlabelledControls } from "./support/browser.mjs";
import { ADMIN, paths, startPictor } from "./support/pictor.mjs";

let pictor, browser, context, page;

before(async () => {
  pictor = await startPictor({ "photo.jpg": "photo.jpg", "alpha.png": "alpha.png" });
  browser = await launch();
  context = await browser.newContext();
  page = await context.newPage();
  page.on("dialog", (d) => d.accept());
});

after(async () => {
  await browser?.close();
  pictor?.stop();
});

const text = (selector) => page.textContent(selector);

test("sign-in refuses a wrong password, then opens the console", async () => {
  await page.goto(`${pictor.base}/admin/ui/`);
  await page.waitForSelector("#sign-in:not([hidden])");
  assert.deepEqual(await unlabelledControls(page), []);
  assert.deepEqual(await lowContrast(page), []);
  await screenshot(page, "console-sign-in");
  await page.fill("#sign-in-user", ADMIN.user);
  await page.fill("#sign-in-password", "wrong");
  await page.click("#sign-in button[type=submit]");
  await page.waitForFunction(() => document.getElementById("sign-in-error").textContent !== "");
  assert.match(await text("#sign-in-error"), /wrong password/);
  await page.fill("#sign-in-password", ADMIN.password);
  await page.click("#sign-in button[type=submit]");
  await page.waitForSelector("#nav:not([hidden])");
  await page.waitForSelector("#page h2");
  assert.equal(await text("#page h2"), "Assets");
  // The image files already in the store are listed, before any policy or upload.
  await page.waitForFunction(() => document.querySelectorAll(".asset-grid strong").length === 2);
  assert.deepEqual(await page.$$eval(".asset-grid strong", (s) => s.map((x) => x.textContent)), ["alpha.png", "photo.jpg"]);
});

test("users and roles: a role and a user are added", async () => {
  await page.click("nav a[href='#users']");
  await page.waitForSelector("#role-form");
  await page.fill("#role-name", "staff");
  await page.click("#role-form button");
  await page.waitForSelector("#user-role-staff");
  await page.fill("#user-name", "curator");
  await page.fill("#user-password", "curator-pass");
  await page.check("#user-role-staff");
  await page.click("#user-form button[type=submit]");
  await page.waitForFunction(() => [...document.querySelectorAll("td")].some((td) => td.textContent === "curator"));
  assert.deepEqual(await unlabelledControls(page), []);
  await screenshot(page, "console-users");
  const users = await (await pictor.admin("/admin/users")).json();
  assert.deepEqual(users.users.find((u) => u.name === "curator").roles, ["staff"]);
});

test("upload: several files with a progress bar each, and a drop", async () => {
  await page.click("nav a[href='#upload']");
  await page.waitForSelector("#drop-zone");
  const photo = readFileSync(join(paths.samples(), "photo.jpg"));
  const portrait = readFileSync(join(paths.samples(), "portrait.jpg"));
  await page.setInputFiles("#upload-files", [
    { name: "Harbour View.JPG", mimeType: "image/jpeg", buffer: photo },
    { name: "portrait.jpg", mimeType: "image/jpeg", buffer: portrait },
  ]);
  await page.waitForFunction(() => document.querySelectorAll("#upload-list li[data-done=ok]").length === 2, null, { timeout: 30000 });
  assert.deepEqual(await page.$$eval("#upload-list progress", (bars) => bars.map((b) => b.value)), [1, 1]);
  assert.deepEqual(await page.$$eval("#upload-list li", (li) => li.map((l) => l.dataset.id)), ["Harbour_View.jpg", "portrait.jpg"]);

  // Drag and drop: a DataTransfer holding a file, dropped on the zone.
  const dropped = await page.evaluateHandle(async () => {
    const blob = await (await fetch("/iiif/3/alpha.png/full/max/0/default.png")).blob();
    const transfer = new DataTransfer();
    transfer.items.add(new File([blob], "dropped.png", { type: "image/png" }));
    return transfer;
  });
  await page.dispatchEvent("#drop-zone", "drop", { dataTransfer: dropped });
  await page.waitForFunction(() => document.querySelector("#upload-list li[data-id='dropped.png']")?.dataset.done === "ok");
  await screenshot(page, "console-upload");
  const assets = await (await pictor.admin("/admin/assets")).json();
  assert.deepEqual(assets.assets.map((a) => a.id).sort(), ["Harbour_View.jpg", "dropped.png", "portrait.jpg"]);
});

test("keyboard: a skip link first, and the drop zone opens the file chooser with Enter", async () => {
  await page.reload(); // focus starts at the top; the sign-in survives in sessionStorage
  await page.waitForSelector("#drop-zone");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.className), "skip");
  // Listening first: Playwright intercepts the chooser only once someone waits for it.
  const opened = page.waitForEvent("filechooser");
  await page.waitForTimeout(200);
  await page.press("#drop-zone", "Enter");
  const chooser = await opened;
  assert.ok(chooser.isMultiple());
  await chooser.setFiles({ name: "keyboard.png", mimeType: "image/png", buffer: readFileSync(join(paths.samples(), "alpha.png")) });
  await page.waitForFunction(() => document.querySelector("#upload-list li[data-id='keyboard.png']")?.dataset.done === "ok");
});

test("assets: search finds the upload, with its thumbnail", async () => {
  await page.click("nav a[href='#assets']");
  await page.waitForSelector("#asset-search");
  await page.fill("#asset-search", "harbour");
  await page.click("form[role=search] button");
  await page.waitForFunction(() => document.querySelectorAll(".asset-grid li a").length === 1);
  await page.waitForFunction(() => document.querySelector(".asset-grid img").naturalWidth > 0);
  assert.equal(await text(".asset-grid strong"), "Harbour_View.jpg");
  assert.equal(await page.$eval(".asset-grid img", (i) => Math.max(i.naturalWidth, i.naturalHeight)), 160);
  assert.deepEqual(await unlabelledControls(page), []);
  await screenshot(page, "console-assets");
});

test("restricting an asset: 'as seen by anonymous' and a fresh anonymous viewer get only the open size", async () => {
  await page.click(".asset-grid li a");
  await page.waitForSelector("#policy-form");
  await page.waitForSelector("#seen-anonymous .seen[data-width]");
  assert.equal(await page.getAttribute("#seen-anonymous .seen", "data-info"), "200"); // open so far
  await page.check("#role-staff");
  await page.fill("#policy-open-full-max", "256");
  await page.click("#policy-form button[type=submit]");
  await page.waitForSelector("#seen-anonymous .seen[data-info='401'][data-width]");
  const anonymous = await page.$eval("#seen-anonymous .seen", (d) => ({ ...d.dataset }));
  assert.equal(Math.max(Number(anonymous.width), Number(anonymous.height)), 256, JSON.stringify(anonymous));
  await page.waitForSelector("#seen-staff .seen[data-width]");
  assert.equal(await page.getAttribute("#seen-staff .seen", "data-info"), "200");
  assert.equal(await page.getAttribute("#seen-role-box .seen", "data-info"), "200"); // role staff
  assert.deepEqual(await unlabelledControls(page), []);
  assert.deepEqual(await lowContrast(page), []);
  await screenshot(page, "console-policy");

  // A visitor with no session: the viewer fetches nothing larger than 256 pixels.
  const visitor = await browser.newContext();
  const view = await visitor.newPage();
  const images = [];
  view.on("response", (r) => /\/default\.jpg$/.test(r.url()) && images.push({ url: r.url(), status: r.status() }));
  await view.goto(`${pictor.base}/viewer/Harbour_View.jpg`);
  await view.waitForSelector("#auth:not([hidden])");
  await view.waitForFunction(() => document.getElementById("status").textContent.includes("open to everyone"));
  for (let i = 0; i < 50 && !images.some((x) => x.status === 200); i++) await view.waitForTimeout(100);
  const served = images.filter((x) => x.status === 200);
  assert.ok(served.length > 0);
  for (const x of served) {
    const size = /\/full\/(\d+),(\d+)\//.exec(x.url);
    assert.ok(size && Math.max(Number(size[1]), Number(size[2])) <= 256, x.url);
  }
  await visitor.close();
});

test("replacing an asset's source keeps its policy and shows the new size", async () => {
  await page.goto(`${pictor.base}/admin/ui/#asset/Harbour_View.jpg`);
  await page.waitForSelector("#replace-file");
  assert.equal(await text("#page h2 + p"), "6000 × 4000 jpg");
  await page.setInputFiles("#replace-file", {
    name: "smaller.jpg",
    mimeType: "image/jpeg",
    buffer: readFileSync(join(paths.samples(), "portrait.jpg")),
  });
  await page.waitForFunction(() => document.querySelector("#page h2 + p")?.textContent !== "6000 × 4000 jpg");
  const asset = await (await pictor.admin("/admin/assets/Harbour_View.jpg")).json();
  assert.equal(await text("#page h2 + p"), `${asset.width} × ${asset.height} jpg`);
  assert.deepEqual(asset.roles, ["staff"]);
  assert.equal(asset.openFullMax, 256);
});

test("imaging actions: the catalogue, and a preview with its canonical commands", async () => {
  await page.click("nav a[href='#actions']");
  await page.waitForSelector("#action-form");
  await page.selectOption("#action-name", "square");
  assert.match(await text("#action-commands"), /crop/);
  await page.fill("#action-id", "photo.jpg");
  await page.fill("#action-transform", "w_200,c_resize");
  await page.click("#action-form button[type=submit]");
  await page.waitForFunction(() => document.getElementById("action-preview").naturalWidth > 0, null, { timeout: 20000 });
  assert.equal(await page.$eval("#action-preview", (i) => i.naturalWidth), 200);
  assert.match(await text("#action-applied"), /crop/);
  assert.match(await text("#action-applied"), /w_200/);
  assert.deepEqual(await unlabelledControls(page), []);
  assert.deepEqual(await lowContrast(page), []);
  await screenshot(page, "console-actions");

  // An action for staff only: refused to an anonymous visitor, rendered for staff.
  await page.selectOption("#action-name", "staff-original");
  await page.fill("#action-id", "alpha.png");
  await page.fill("#action-transform", "");
  await page.selectOption("#action-as", "anonymous");
  await page.click("#action-form button[type=submit]");
  await page.waitForFunction(() => document.getElementById("action-result").textContent.startsWith("Refused"));
  assert.match(await text("#action-result"), /HTTP 40[13]/);
  await page.selectOption("#action-as", "staff");
  await page.click("#action-form button[type=submit]");
  await page.waitForFunction(() => document.getElementById("action-result").textContent.startsWith("800 × 600"));
});

test("preview cache: a key's renditions are listed and shown", async () => {
  const form = new FormData();
  form.append("sourceImage", new Blob([readFileSync(join(paths.samples(), "portrait.jpg"))], { type: "image/jpeg" }), "p.jpg");
  const cached = await fetch(`${pictor.base}/imageconverter/cacheImage/doc-17?context=mail`, {
    method: "POST", body: form,
    headers: { Authorization: "Basic " + Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString("base64") },
  });
  assert.equal(cached.status, 200);
  await page.click("nav a[href='#previews']");
  await page.waitForSelector("#preview-context");
  await page.fill("#preview-context", "mail");
  await page.click("#page form button");
  await page.waitForSelector("#preview-keys button");
  await page.click("#preview-keys button");
  await page.waitForFunction(() => {
    const imgs = [...document.querySelectorAll("#preview-detail img")];
    return imgs.length > 0 && imgs.every((i) => i.naturalWidth > 0);
  });
  assert.match(await text("#preview-detail h3"), /doc-17/);
  await screenshot(page, "console-previews");
});

test("cache: statistics, charts of the main metrics, and purge", async () => {
  await page.click("nav a[href='#cache']");
  await page.waitForSelector("#cache-stats dt");
  await page.waitForFunction(() => document.querySelectorAll("#charts figure svg polyline").length === 5);
  await page.waitForTimeout(3500); // a second sample, so the rates have two points
  const captions = await page.$$eval("#charts figcaption", (f) => f.map((x) => x.textContent));
  assert.ok(captions.some((c) => c.startsWith("Requests:")), captions.join());
  await screenshot(page, "console-cache");
  await page.click("#purge");
  await page.waitForFunction(() => document.getElementById("toast").textContent === "Cache purged.");
  await page.setViewportSize({ width: 390, height: 844 });
  assert.ok(await fitsWidth(page), "the console fits a phone's width");
  await screenshot(page, "console-phone");
  await page.setViewportSize({ width: 1280, height: 800 });
});

test("signing out ends the sign-in: its token is refused afterwards", async () => {
  const token = await page.evaluate(() => sessionStorage.getItem("pictor.console.token"));
  assert.ok(token);
  await page.click("#sign-out");
  await page.waitForSelector("#sign-in:not([hidden])");
  const refused = await fetch(`${pictor.base}/admin/assets`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(refused.status, 401);
});
