// Starts the real pictor binary on a free loopback port for a browser test: its own image
// folder (copies of the samples), data folder and settings, the built front-end (ui.dir), and
// the admin credentials. Settings go on the command line; the environment's PICTOR_* variables
// are removed, since pictor reads them as settings.
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export const ADMIN = { user: "admin", password: "console-secret" };

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (ctest sets it)`);
  return value;
}

export const paths = {
  binary: () => required("BROWSER_TEST_BINARY"),
  samples: () => required("BROWSER_TEST_SAMPLES"),
  ui: () => required("BROWSER_TEST_UI_DIR"),
  actions: () => required("BROWSER_TEST_ACTIONS"),
  out: () => required("BROWSER_TEST_OUT"),
};

export async function startPictor(images /* {name: sample file} */, settings = []) {
  const work = mkdtempSync(join(tmpdir(), "pictor-browser-"));
  const folder = join(work, "images");
  mkdirSync(folder);
  for (const [name, sample] of Object.entries(images)) {
    mkdirSync(dirname(join(folder, name)), { recursive: true }); // "album/a.jpg" makes album/
    copyFileSync(join(paths.samples(), sample), join(folder, name));
  }
  const ready = join(work, "port");
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("PICTOR_")),
  );
  const args = [
    "serve", "--images", folder, "--data", join(work, "data"), "--port", "0", "--ready-file", ready,
    "--set", `admin.user=${ADMIN.user}`, "--set", `admin.password=${ADMIN.password}`,
    "--set", `ui.dir=${paths.ui()}`, "--set", `imaging.actions=${paths.actions()}`,
    "--set", "auth.kdf_cost=10", "--set", "log.format=text",
    "--set", `converter.user=${ADMIN.user}`, "--set", `converter.password=${ADMIN.password}`,
    ...settings.flatMap((s) => ["--set", s]),
  ];
  const child = spawn(paths.binary(), args, { env, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr.on("data", (d) => (log += d));
  const until = Date.now() + 20000;
  while (Date.now() < until) {
    if (existsSync(ready)) {
      const port = Number(readFileSync(ready, "utf8").trim());
      if (port > 0) {
        const base = `http://127.0.0.1:${port}`;
        return {
          base,
          work,
          log: () => log,
          stop: () => child.kill("SIGTERM"),
          admin: (path, init = {}) => adminCall(base, path, init),
        };
      }
    }
    if (child.exitCode !== null) throw new Error(`pictor exited at start-up:\n${log}`);
    await sleep(50);
  }
  child.kill("SIGKILL");
  throw new Error(`pictor did not start:\n${log}`);
}

// The admin API with the admin's Basic credentials (test set-up, not under test here).
async function adminCall(base, path, init) {
  const auth = Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString("base64");
  const response = await fetch(base + path, {
    ...init,
    headers: { Authorization: `Basic ${auth}`, ...(init.headers ?? {}) },
  });
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${await response.text()}`);
  return response;
}
