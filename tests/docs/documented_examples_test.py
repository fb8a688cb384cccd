#!/usr/bin/env python3
"""Every configuration example the documentation gives, loaded by the real binary, and every
command line of README's "Command line" section run against the samples (issue 33, item 6).

- each ```toml block of README.md and docs/ (and the shipped configurations) passes
  `pictor serve --check-config`;
- each `--set key=value` and `PICTOR_KEY=value` written in them does too;
- docs/configuration.md's key table names exactly the keys `pictor serve --help` lists;
- README's "Command line" blocks run: `pictor serve` lines start, answer /healthz and stop on
  SIGTERM; the rest must exit 0, and the walk-through's comments are checked as it states them.

Usage: documented_examples_test.py PICTOR_BINARY REPO_DIR SAMPLES_DIR
"""
import atexit
import glob
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

pictor, repo, samples = sys.argv[1], os.path.realpath(sys.argv[2]), os.path.realpath(sys.argv[3])
work = tempfile.mkdtemp(prefix="pictor-doc-examples-")
atexit.register(shutil.rmtree, work, ignore_errors=True)
failures = []


def fail(what):
    failures.append(what)
    print("FAIL:", what, file=sys.stderr)


def documents():
    paths = [os.path.join(repo, "README.md")]
    paths += sorted(glob.glob(os.path.join(repo, "docs", "**", "*.md"), recursive=True))
    return {os.path.relpath(p, repo): open(p, encoding="utf-8").read() for p in paths}


def fenced(text, language):
    return re.findall(r"^```" + language + r"\n(.*?)^```", text, re.S | re.M)


def clean_environment():
    # The examples alone decide: no PICTOR_* from whoever runs the test.
    return {k: v for k, v in os.environ.items() if not k.startswith("PICTOR_")}


def check_config(where, args=(), env=None):
    """pictor serve --check-config with the example, the folders made to exist."""
    data = tempfile.mkdtemp(dir=work)
    command = [pictor, "serve", "--check-config", *args,
               "--set", "store.images=" + samples, "--set", "store.data=" + data]
    run = subprocess.run(command, env={**clean_environment(), **(env or {})},
                         capture_output=True, text=True, timeout=30)
    if run.returncode != 0:
        fail(f"{where}: {run.stderr.strip()}")
    return run.returncode == 0


# 1. TOML blocks, and the configurations shipped with pictor.
toml_count = 0
for name, text in documents().items():
    for i, block in enumerate(fenced(text, "toml")):
        path = os.path.join(work, f"{os.path.basename(name)}.{i}.toml")
        open(path, "w").write(block)
        check_config(f"{name}, TOML block {i + 1}", ["--config", path])
        toml_count += 1
shipped = [os.path.join(repo, p)
           for p in ("config/pictor.toml", "packaging/pictor.toml", "packaging/container.toml")]
shipped += sorted(glob.glob(os.path.join(repo, "deploy", "**", "*.toml"), recursive=True))
for path in shipped:
    check_config(os.path.relpath(path, repo), ["--config", path])

# 2. --set and PICTOR_* examples anywhere in the text (placeholders like section.key skipped).
value = r"(\"[^\"]*\"|'[^']*'|[^\s`|)]+)"
sets, variables = set(), set()
for name, text in documents().items():
    for key, v in re.findall(r"--set\s+([a-z0-9_]+\.[a-z0-9_.]+)=" + value, text):
        if key not in ("section.key",):
            sets.add((name, key, v.strip("\"'")))
    for key, v in re.findall(r"\b(PICTOR_[A-Z0-9_]+)=" + value, text):
        variables.add((name, key, v.strip("\"'")))
for name, key, v in sorted(sets):
    check_config(f"{name}: --set {key}={v}", ["--set", f"{key}={v}"])
for name, key, v in sorted(variables):
    check_config(f"{name}: {key}={v}", env={key: v})

# 3. The key table of docs/configuration.md against the binary's own list.
listed = set(re.findall(r"^  ([a-z0-9_]+\.[a-z0-9_.]+) \(PICTOR_",
                        subprocess.run([pictor, "serve", "--help"], capture_output=True,
                                       text=True).stdout, re.M))
table = set()
for row in re.findall(r"^\| ([a-z0-9_.,/ ]+?) \|", documents()["docs/configuration.md"], re.M):
    section = None
    for part in re.split(r"\s*(?:/|,)\s*", row):
        if "." in part:
            section = part.split(".")[0]
            table.add(part)
        elif section and part:
            table.add(section + "." + part)
for key in sorted(table - listed):
    fail(f"docs/configuration.md lists '{key}', which is not a configuration key")
for key in sorted(listed - table):
    fail(f"configuration key '{key}' is missing from docs/configuration.md's table")


# 4. README's command lines.
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def wait_ready(port, process, log):
    for _ in range(200):
        if process.poll() is not None:
            break
        try:
            if http(f"http://127.0.0.1:{port}/healthz")[0] == 200:
                return True
        except OSError:
            pass
        time.sleep(0.05)
    fail(f"the server did not start: {open(log).read()[-2000:]}")
    return False


def stop(process, what):
    process.send_signal(signal.SIGTERM)
    try:
        code = process.wait(timeout=45)
    except subprocess.TimeoutExpired:
        process.kill()
        code = "none (killed)"
    if code != 0:
        fail(f"{what}: exit {code} after SIGTERM")


def commands(block):
    """The block's commands: comments dropped, `pictor` and build/src/pictor made the binary."""
    out = []
    for line in block.splitlines():
        line = re.sub(r"\s+#.*$", "", line).strip()
        if not line or line.startswith("#"):
            continue
        line = re.sub(r"^(build/src/)?pictor\b", shlex.quote(pictor), line)
        out.append(line)
    return out


readme = documents()["README.md"]
section = readme[readme.index("## Command line"):]
section = section[:section.index("\n## ", 3)]
blocks = fenced(section, "sh")
if len(blocks) != 2:
    fail(f"README's Command line section has {len(blocks)} sh blocks, expected 2")

port = free_port()
out = os.path.join(work, "out")
os.makedirs(out)
# What a reader would have: the placeholders as files of the samples or in a scratch folder.
placeholders = {"IN_DIR": samples, "OUT_DIR": os.path.join(out, "batch"),
                "IN": os.path.join(samples, "photo.jpg"), "OUT.tif": os.path.join(out, "p.tif"),
                "OUT": os.path.join(out, "one.jpg"), "in.jpg": os.path.join(samples, "photo.jpg"),
                "out.webp": os.path.join(out, "pipe.webp")}
environment = {**clean_environment(), "PICTOR_SERVER_PORT": str(port),
               "PICTOR_STORE_DATA": os.path.join(work, "data"), "PICTOR_ADMIN_USER": "admin",
               "PICTOR_ADMIN_PASSWORD": "change-me", "PICTOR_LOG_ACCESS_LOG": "false"}
for b, block in enumerate(blocks):
    server = None
    for command in commands(block):
        for word, path in placeholders.items():
            command = re.sub(r"(?<![\w/.-])" + re.escape(word) + r"(?![\w/.-])", path, command)
        background = command.endswith("&") or re.search(r"\bserve\b", command)
        # exec: the signal reaches pictor, not the shell that started it.
        command = ("exec " if background else "") + command.rstrip("& ")
        log = os.path.join(work, f"block{b}.serve.log")
        if background:
            server = subprocess.Popen(command, shell=True, cwd=repo, env=environment,
                                      stdout=open(log, "w"), stderr=subprocess.STDOUT,
                                      start_new_session=True)
            if not wait_ready(port, server, log):
                break
            continue
        run = subprocess.run(command, shell=True, cwd=repo, env=environment, capture_output=True,
                             text=True, timeout=120)
        if run.returncode != 0:
            fail(f"README: `{command}` exit {run.returncode}: {run.stderr.strip()[-1000:]}")
    if b == 1 and server:
        # What the walk-through's comments promise.
        base = f"http://127.0.0.1:{port}"
        status, body = http(base + "/iiif/3/photo.jpg/info.json")
        if status != 401 or b"AuthProbeService2" not in body:
            fail(f"walk-through: info.json answered {status}, not 401 with its auth services")
        status, body = http(base + "/iiif/3/photo.jpg/full/max/0/default.jpg")
        if status == 200:
            out_path = os.path.join(out, "max.jpg")
            open(out_path, "wb").write(body)
            width = subprocess.run(["vipsheader", "-f", "width", out_path], capture_output=True,
                                   text=True).stdout.strip()
            if width != "512":
                fail(f"walk-through: full/max is {width} px wide, not 512")
        else:
            fail(f"walk-through: full/max answered {status}")
        status, body = http(base + "/iiif/3/photo.jpg/substitute/info.json")
        if status != 200 or json.loads(body).get("maxWidth") != 512:
            fail(f"walk-through: the substitute answered {status}: {body[:200]}")
        if http(base + "/viewer/photo.jpg")[0] != 200:
            fail("walk-through: the viewer page")
    if server:
        stop(server, f"README block {b + 1}'s server")
for path in ("one.jpg", "p.tif", "pipe.webp", "batch/photo.jpg"):
    if not os.path.getsize(os.path.join(out, path)):
        fail(f"README's command lines left no {path}")

if failures:
    print(f"{len(failures)} documented example(s) fail", file=sys.stderr)
    sys.exit(1)
print(f"documented examples OK: {toml_count} TOML blocks, {len(shipped)} shipped configurations, "
      f"{len(sets)} --set and {len(variables)} PICTOR_* examples, {len(listed)} keys in the "
      f"table, {sum(len(commands(b)) for b in blocks)} command lines")
