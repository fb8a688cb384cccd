// The viewer at /viewer/{id} (or /viewer?manifest=URL, a canvas picker over a manifest's
// images): OpenSeadragon over pictor's IIIF Image API 3.0 service, with
// rotation, mirroring, full screen, the listed sizes as a gallery, a download of the current
// view, and the IIIF Auth 2.0 client flow for restricted images (viewer/iiif_auth.ts).
import OpenSeadragon from "openseadragon";
import { byId, h, languageText } from "../common/dom";
import {
  findProbe,
  logoutServiceOf,
  openAccessWindow,
  probe,
  requestToken,
  tokenServiceOf,
  type AccessService,
  type ProbeResult,
  type ProbeService,
} from "./iiif_auth";
import { readManifest } from "./manifest";

type Info = Record<string, unknown> & {
  id: string;
  width: number;
  height: number;
  sizes?: { width: number; height: number }[];
  maxWidth?: number;
};

const status = byId("status");
let infoUrl = byId("main").dataset.info ?? "";
const manifestUrl = byId("main").dataset.manifest ?? "";

const viewer = OpenSeadragon({
  element: byId("osd"),
  prefixUrl: `${document.body.dataset.prefix ?? ""}/ui/osd-images/`, // below server.public_url
  showNavigationControl: false,
  showNavigator: true,
  navigatorPosition: "BOTTOM_RIGHT",
  crossOriginPolicy: false, // same origin: tiles carry the session cookie like any image
  gestureSettingsMouse: { clickToZoom: false },
  maxZoomPixelRatio: 2,
});
let current: Info | undefined;
// When only one open size is shown (no tiles), the download is that size as it is.
let fixedDownload: string | undefined;

function say(text: string) {
  status.textContent = text;
}

async function fetchInfo(url: string): Promise<{ status: number; info?: Info }> {
  const response = await fetch(url, { credentials: "include" });
  if (response.status === 404) return { status: 404 };
  try {
    return { status: response.status, info: (await response.json()) as Info };
  } catch {
    return { status: response.status };
  }
}

function openSource(source: object) {
  viewer.open({ tileSource: source } as OpenSeadragon.TileSourceSpecifier);
}

// Shows an image service: deep zoom over its tiles, or its largest listed size when tiles are
// closed (a restricted image's open sizes).
function show(info: Info, note: string) {
  current = info;
  fixedDownload = undefined;
  openSource(info);
  showGallery(info);
  say(note);
}

function showSizesOnly(info: Info, note: string) {
  const sizes = [...(info.sizes ?? [])].sort((a, b) => b.width - a.width);
  if (!sizes.length) {
    viewer.close();
    showGallery(info);
    return say(note);
  }
  current = { ...info, width: sizes[0].width, height: sizes[0].height };
  fixedDownload = `${info.id}/full/${sizes[0].width},${sizes[0].height}/0/default.jpg`;
  openSource({ type: "image", url: fixedDownload });
  showGallery(info);
  say(note);
}

function showGallery(info: Info) {
  const list = byId("gallery");
  list.replaceChildren();
  const sizes = [...(info.sizes ?? [])].sort((a, b) => a.width - b.width);
  for (const size of sizes) {
    const url = `${info.id}/full/${size.width},${size.height}/0/default.jpg`;
    const label = `${size.width} × ${size.height}`;
    list.append(
      h(
        "li",
        {},
        h(
          "a",
          { href: url, title: `Open the ${label} image` },
          h("img", { src: url, alt: `${label} pixels`, loading: "lazy" }),
          h("span", { text: label }),
        ),
      ),
    );
  }
}

// The IIIF URL of what is on screen: the visible region, at the screen's size, rotated and
// mirrored as shown.
function viewUrl(): string | undefined {
  if (fixedDownload) return fixedDownload;
  if (!current || !viewer.world.getItemCount()) return undefined;
  const item = viewer.world.getItemAt(0);
  const bounds = item.viewportToImageRectangle(viewer.viewport.getBounds(true));
  const x = Math.max(0, Math.floor(bounds.x));
  const y = Math.max(0, Math.floor(bounds.y));
  const w = Math.min(current.width, Math.ceil(bounds.x + bounds.width)) - x;
  const hgt = Math.min(current.height, Math.ceil(bounds.y + bounds.height)) - y;
  if (w <= 0 || hgt <= 0) return undefined;
  const container = viewer.viewport.getContainerSize();
  const box = Math.max(1, Math.round(Math.max(container.x, container.y)));
  const fits = w <= box && hgt <= box;
  const size = fits ? "max" : `!${box},${box}`;
  const rotation = ((Math.round(viewer.viewport.getRotation()) % 360) + 360) % 360;
  const mirror = viewer.viewport.getFlip() ? "!" : "";
  return `${current.id}/${x},${y},${w},${hgt}/${size}/${mirror}${rotation}/default.jpg`;
}

function updateDownload() {
  const link = byId<HTMLAnchorElement>("download");
  const url = viewUrl();
  link.href = url ?? "#";
  link.setAttribute("aria-disabled", url ? "false" : "true");
  link.download = `${byId("title").textContent ?? "view"}.jpg`;
}

function wireTools() {
  const vp = () => viewer.viewport;
  byId("zoom-in").onclick = () => vp().zoomBy(1.5);
  byId("zoom-out").onclick = () => vp().zoomBy(1 / 1.5);
  byId("home").onclick = () => vp().goHome();
  byId("rotate-left").onclick = () => vp().setRotation(vp().getRotation() - 90);
  byId("rotate-right").onclick = () => vp().setRotation(vp().getRotation() + 90);
  const mirror = byId("mirror");
  mirror.onclick = () => {
    vp().toggleFlip();
    mirror.setAttribute("aria-pressed", String(vp().getFlip()));
    updateDownload();
  };
  byId("fullscreen").onclick = () => viewer.setFullScreen(!viewer.isFullPage());
  viewer.addHandler("animation-finish", updateDownload);
  viewer.addHandler("rotate", updateDownload);
  viewer.addHandler("open", updateDownload);
}

// The access service a person can use: the active (login) one first.
function chooseAccess(service: ProbeService): AccessService | undefined {
  return service.access.find((a) => a.profile === "active") ?? service.access[0];
}

async function showSubstitute(result: ProbeResult, info: Info, note: string) {
  const substitute = result.substitute?.[0];
  if (substitute) {
    const sub = await fetchInfo(`${substitute.id.replace(/\/$/, "")}/info.json`);
    if (sub.info) return show(sub.info, note);
  }
  showSizesOnly(info, note);
}

function offerLogin(access: AccessService, result: ProbeResult, onDone: () => void) {
  const panel = byId("auth");
  byId("auth-heading").textContent =
    languageText(access.heading) || languageText(result.heading) || "Login required";
  byId("auth-note").textContent = languageText(access.note) || languageText(result.note);
  const button = byId<HTMLButtonElement>("auth-login");
  button.textContent = languageText(access.confirmLabel) || languageText(access.label) || "Log in";
  button.onclick = async () => {
    button.disabled = true;
    say("Waiting for the login window…");
    await openAccessWindow(access);
    button.disabled = false;
    onDone();
  };
  panel.hidden = false;
}

function offerLogout(access: AccessService | undefined) {
  const logout = access && logoutServiceOf(access);
  const button = byId<HTMLButtonElement>("logout");
  if (!logout) return;
  button.hidden = false;
  button.onclick = () => {
    window.open(logout, "pictor-logout", "width=480,height=400");
    setTimeout(() => location.reload(), 1000);
  };
}

// Shows the image as far as this visitor may see it; runs again after a login.
async function load() {
  byId("auth").hidden = true;
  const first = await fetchInfo(infoUrl);
  if (first.status === 404 || !first.info)
    return say("There is no image with this identifier.");
  const info = first.info;
  const service = findProbe(info);
  if (first.status === 200) {
    show(info, `${info.width} × ${info.height} pixels`);
    if (service) offerLogout(chooseAccess(service));
    return;
  }
  if (!service) return say(`This image cannot be shown (HTTP ${first.status}).`);
  const access = chooseAccess(service);
  const token = access && tokenServiceOf(access);
  // A session may already exist (logged in elsewhere): ask for a token before anything else.
  let result = await probe(service, token ? await requestToken(token) : undefined);
  if (result.status === 200) {
    const again = await fetchInfo(infoUrl);
    if (again.info && again.status === 200) {
      offerLogout(access);
      return show(again.info, `${again.info.width} × ${again.info.height} pixels`);
    }
    result = { ...result, status: again.status };
  }
  const heading = languageText(result.heading) || "Restricted image";
  await showSubstitute(result, info, `${heading}: showing what is open to everyone.`);
  if (access && result.status === 401) offerLogin(access, result, () => void load());
  else if (access && result.status === 403) {
    byId("auth-heading").textContent = heading;
    byId("auth-note").textContent = languageText(result.note);
    byId("auth-login").hidden = true;
    byId("auth").hidden = false;
  }
}

// A manifest: its canvases in a picker, the first one shown; each is loaded as an image is.
async function openManifest(url: string) {
  const response = await fetch(url, { credentials: "include" });
  if (!response.ok) return say(`The manifest could not be loaded (HTTP ${response.status}).`);
  const view = readManifest((await response.json()) as Record<string, unknown>);
  byId("title").textContent = view.label || "Manifest";
  document.title = `${view.label || "Manifest"} · pictor viewer`;
  if (!view.canvases.length) return say("This manifest has no image to show.");
  const picker = byId<HTMLSelectElement>("canvas");
  picker.replaceChildren(...view.canvases.map((c, i) => h("option", { value: String(i), text: c.label })));
  picker.hidden = view.canvases.length < 2;
  picker.onchange = () => {
    infoUrl = view.canvases[Number(picker.value)].info;
    void load();
  };
  infoUrl = view.canvases[0].info;
  await load();
}

wireTools();
const start = manifestUrl ? openManifest(manifestUrl) : load();
void start.catch((error: unknown) => say(`The image could not be loaded: ${String(error)}`));
