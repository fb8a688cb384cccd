// The IIIF Authorization Flow 2.0 as a client runs it: find the probe service and its access
// and token services in info.json, ask the token service for an access token in a hidden
// iframe (postMessage, matched by messageId and origin), probe with the token, and open the
// access service's login window when the probe says so.

export interface TokenService {
  id: string;
}
export interface AccessService {
  id: string;
  profile: string;
  label?: unknown;
  heading?: unknown;
  note?: unknown;
  confirmLabel?: unknown;
  service?: { id: string; type: string }[];
}
export interface ProbeService {
  id: string;
  access: AccessService[];
}
export interface ProbeResult {
  status: number;
  heading?: unknown;
  note?: unknown;
  substitute?: { id: string; type: string }[];
}

type Json = Record<string, unknown>;

// The probe service an image service lists (IIIF Auth 2.0 §2), or nothing for an open image.
export function findProbe(info: Json): ProbeService | undefined {
  const services = (info.service as Json[] | undefined) ?? [];
  const probe = services.find((s) => s.type === "AuthProbeService2");
  if (!probe) return undefined;
  const access = ((probe.service as AccessService[] | undefined) ?? []).filter(
    (a) => (a as unknown as Json).type === "AuthAccessService2",
  );
  return { id: String(probe.id), access };
}

export function tokenServiceOf(access: AccessService): TokenService | undefined {
  const token = access.service?.find((s) => s.type === "AuthAccessTokenService2");
  return token ? { id: token.id } : undefined;
}

export function logoutServiceOf(access: AccessService): string | undefined {
  return access.service?.find((s) => s.type === "AuthLogoutService2")?.id;
}

let nextMessageId = 1;

// An access token from the token service, or nothing (no session cookie yet, or an error
// message). The page is loaded in a hidden iframe; only a message from the token service's
// own origin that carries our messageId is taken.
export function requestToken(service: TokenService, timeoutMs = 8000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const messageId = `m${nextMessageId++}-${Date.now()}`;
    const serviceOrigin = new URL(service.id, location.href).origin;
    const frame = document.createElement("iframe");
    frame.hidden = true;
    frame.title = "IIIF access token";
    const finish = (token: string | undefined) => {
      window.removeEventListener("message", onMessage);
      clearTimeout(timer);
      frame.remove();
      resolve(token);
    };
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== serviceOrigin) return;
      const data = event.data as Json | null;
      if (!data || data.messageId !== messageId) return;
      finish(typeof data.accessToken === "string" ? data.accessToken : undefined);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    window.addEventListener("message", onMessage);
    const url = new URL(service.id, location.href);
    url.searchParams.set("messageId", messageId);
    url.searchParams.set("origin", location.origin);
    frame.src = url.toString();
    document.body.append(frame);
  });
}

export async function probe(service: ProbeService, token?: string): Promise<ProbeResult> {
  const response = await fetch(service.id, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    credentials: "omit", // the token speaks for the viewer here, not the cookie
  });
  const body = (await response.json()) as ProbeResult;
  return { ...body, status: Number(body.status ?? response.status) };
}

// Opens the access service's page (the login form) and resolves when the window closes.
export function openAccessWindow(access: AccessService): Promise<void> {
  const url = new URL(access.id, location.href);
  url.searchParams.set("origin", location.origin);
  const win = window.open(url.toString(), "pictor-login", "width=480,height=640");
  return new Promise((resolve) => {
    if (!win) return resolve();
    const timer = setInterval(() => {
      if (win.closed) {
        clearInterval(timer);
        resolve();
      }
    }, 250);
  });
}
