// The admin API as the console calls it: every request carries the sign-in's bearer token in
// the Authorization header (which no browser adds by itself, so another site cannot forge
// one); a 401 ends the sign-in.

const TOKEN_KEY = "pictor.console.token";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let onSignedOut: () => void = () => {};
export function whenSignedOut(handler: () => void) {
  onSignedOut = handler;
}

export function token(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value: string | null) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const t = token();
  return t ? { ...extra, Authorization: `Bearer ${t}` } : extra;
}

async function failure(response: Response): Promise<ApiError> {
  let message = `HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { message?: string };
    if (body.message) message = body.message;
  } catch {
    // not JSON: keep the status
  }
  // Only the admin gate's own refusal ends the sign-in: an "as seen by" answer may be a 401
  // that the visitor it stands for would get.
  const gate = response.headers.get("WWW-Authenticate")?.startsWith("Bearer") ?? false;
  if (response.status === 401 && gate && token()) {
    setToken(null);
    onSignedOut();
  }
  return new ApiError(response.status, message);
}

// The path prefix pictor is served under (server.public_url), which the page carries: every
// API path below is root-relative.
const prefix = document.body.dataset.prefix ?? "";

export async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(prefix + path, {
    ...init,
    credentials: "same-origin",
    headers: headers((init.headers as Record<string, string>) ?? {}),
  });
  if (!response.ok) throw await failure(response);
  return response;
}

export async function getJson<T>(path: string): Promise<T> {
  return (await (await call(path)).json()) as T;
}

export async function sendJson(method: string, path: string, body: unknown): Promise<Response> {
  return call(path, {
    method,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

// An image the API answers, as an object URL an <img> can show (an <img> cannot send the token).
export async function imageUrl(path: string): Promise<{ url: string; response: Response }> {
  const response = await call(path);
  return { url: URL.createObjectURL(await response.blob()), response };
}

// PUT of a file with upload progress (fetch reports none).
export function upload(
  path: string,
  file: Blob,
  progress: (fraction: number) => void,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", prefix + path);
    const t = token();
    if (t) xhr.setRequestHeader("Authorization", `Bearer ${t}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && progress(e.loaded / e.total);
    xhr.onload = () => {
      let body: { message?: string } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // keep {}
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        progress(1);
        resolve(body);
      } else reject(new ApiError(xhr.status, body.message ?? `HTTP ${xhr.status}`));
    };
    xhr.onerror = () => reject(new ApiError(0, "the upload was interrupted"));
    xhr.send(file);
  });
}

export const enc = encodeURIComponent;
