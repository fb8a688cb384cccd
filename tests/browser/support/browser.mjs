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

// Runs `measure(arg)` in a blank page of its own over a PNG's pixels, which it finds decoded
// as `window.pixels` ({data, width, height}, RGBA).
async function measurePixels(browser, png, measure, arg) {
  const page = await browser.newPage();
  try {
    await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement("canvas");
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext("2d");
      ctx.drawImage(img, 0, 0);
      window.pixels = ctx.getImageData(0, 0, canvas.width, canvas.height);
    }, png.toString("base64"));
    return await page.evaluate(measure, arg);
  } finally {
    await page.close();
  }
}

// Statistics of a PNG's pixels: mean and standard deviation of the luminance, distinct
// colours (quantised to 4 bits a channel), and the share of pixels near a background colour.
export async function pixelStats(browser, png, background = [34, 34, 34]) {
  return measurePixels(browser, png, (background) => {
    const { data, width, height } = window.pixels;
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
    return { width, height, mean, stddev: Math.sqrt(sq / n - mean * mean), colours: colours.size, background: near / n };
  }, background);
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

// Text whose colour against its background falls below WCAG AA (4.5:1; 3:1 for large text).
// The background is the nearest ancestor's opaque background colour (white at the root).
export async function lowContrast(page) {
  return page.evaluate(() => {
    const rgb = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]) => {
      const lin = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length >= 3 && (c.length < 4 || c[3] > 0.9)) return c;
      }
      return [255, 255, 255];
    };
    const out = [];
    for (const el of document.querySelectorAll("body *")) {
      const text = [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim()).map((n) => n.textContent.trim()).join(" ");
      if (!text || el.getClientRects().length === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden") continue;
      const [a, b] = [luminance(rgb(style.color)), luminance(background(el))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) out.push(`${text.slice(0, 40)}: ${ratio.toFixed(2)}`);
    }
    return out;
  });
}

// Where a viewer drew the image in a screenshot: the drawn extent along the middle row and
// along the middle column (pixels that differ from the middle row's first pixel, the viewer's
// background, by more than `tolerance` in a channel), and the screenshot's size. A viewer fits
// the image to its canvas, so one extent is the canvas's and the other shows the aspect.
export async function drawnExtent(browser, png, tolerance = 24) {
  return measurePixels(browser, png, (tolerance) => {
    const { data, width, height } = window.pixels;
    const bg = Math.floor(height / 2) * width * 4;
    const drawn = (x, y) => {
      const i = (y * width + x) * 4;
      return Math.max(Math.abs(data[i] - data[bg]), Math.abs(data[i + 1] - data[bg + 1]), Math.abs(data[i + 2] - data[bg + 2])) > tolerance;
    };
    const extent = (n, at) => {
      let first = -1, last = -1;
      for (let k = 0; k < n; k++) if (at(k)) [first, last] = [first < 0 ? k : first, k];
      return first < 0 ? 0 : last - first + 1;
    };
    return {
      canvasWidth: width,
      canvasHeight: height,
      across: extent(width, (x) => drawn(x, Math.floor(height / 2))),
      down: extent(height, (y) => drawn(Math.floor(width / 2), y)),
    };
  }, tolerance);
}
