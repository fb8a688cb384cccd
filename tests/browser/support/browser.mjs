// Debian's chromium, driven by playwright-core (no browser download), headless; screenshots
// go to BROWSER_TEST_OUT; pixels of a screenshot are read back by decoding the PNG in the
// browser itself (a blank page of its own), so no image library is needed in Node.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { paths } from "./pictor.mjs";

export async function launch() {
  return chromium.launch({
    executablePath: process.env.BROWSER_TEST_CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
}

export async function screenshot(target, name) {
  mkdirSync(paths.out(), { recursive: true });
  const full = typeof target.context === "function"; // a page, not an element
  return target.screenshot({ path: join(paths.out(), `${name}.png`), ...(full ? { fullPage: true } : {}) });
}

// Statistics of a PNG's pixels: mean and standard deviation of the luminance, distinct
// colours (quantised to 4 bits a channel), and the share of pixels near a background colour.
export async function pixelStats(browser, png, background = [34, 34, 34]) {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      async ({ b64, background }) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const canvas = document.createElement("canvas");
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const ctx = canvas.getContext("2d");
        ctx.drawImage(img, 0, 0);
        const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
        let sum = 0, sq = 0, near = 0;
        const colours = new Set();
        const n = data.length / 4;
        for (let i = 0; i < data.length; i += 4) {
          const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
          const y = 0.299 * r + 0.587 * g + 0.114 * b;
          sum += y;
          sq += y * y;
          colours.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
          if (Math.abs(r - background[0]) + Math.abs(g - background[1]) + Math.abs(b - background[2]) < 12) near++;
        }
        const mean = sum / n;
        return { width: canvas.width, height: canvas.height, mean, stddev: Math.sqrt(sq / n - mean * mean), colours: colours.size, background: near / n };
      },
      { b64: png.toString("base64"), background },
    );
  } finally {
    await page.close();
  }
}

// Every shown input, select and button has an accessible name (label, aria-label or text).
export async function unlabelledControls(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("input:not([type=hidden]), select, button")]
      .filter((el) => {
        if (el.getClientRects().length === 0) return false; // not rendered
        const named = el.getAttribute("aria-label") || (el.labels && el.labels.length) || (el.tagName === "BUTTON" && el.textContent.trim());
        return !named;
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
}

// True when the page is no wider than the window (readable on a phone without side-scrolling).
export async function fitsWidth(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}
