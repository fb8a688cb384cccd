#!/usr/bin/env python3
"""compose.yaml as `podman compose` / `docker compose` would read it (issue 33, item 3), on a
machine without a container runtime's network: the file parses (YAML merge keys, ${VAR:-default}
interpolation), every service's references hold (volumes, bind-mounted files, depends_on), the
services agree with each other (the database, the S3 credentials and bucket, nginx's upstreams
naming the pictor services), nginx's configuration passes `nginx -t`, and the pictor nodes'
configuration and environment pass `pictor serve --check-config`; then one node's pictor starts
with them (only what needs the compose network moved to this machine: the database to SQLite,
the shared tier off, the folders to scratch ones) and serves with its public URL.

Usage: compose_test.py PICTOR_BINARY REPO_DIR SAMPLES_DIR
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import yaml

pictor, repo, samples = sys.argv[1], os.path.realpath(sys.argv[2]), os.path.realpath(sys.argv[3])
work = tempfile.mkdtemp(prefix="pictor-compose-")
failures = []


def fail(what):
    failures.append(what)
    print("FAIL:", what, file=sys.stderr)


def interpolate(value):
    """Compose's ${VAR:-default} with an empty environment: the defaults."""
    if isinstance(value, str):
        return re.sub(r"\$\{([A-Z0-9_]+):-([^}]*)\}", lambda m: m.group(2), value)
    if isinstance(value, dict):
        return {k: interpolate(v) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v) for v in value]
    return value


try:
    compose = interpolate(yaml.safe_load(open(os.path.join(repo, "compose.yaml"))))
    services = compose["services"]
    nodes = sorted(n for n in services if re.fullmatch(r"pictor\d+", n))
    if len(nodes) != 3:
        fail(f"{len(nodes)} pictor nodes, the documented cluster has three")
    for needed in ("postgres", "minio", "s3-bucket", "nginx"):
        if needed not in services:
            fail(f"no {needed} service")

    # References: volumes, bind-mounted files, depends_on.
    for name, service in services.items():
        for mount in service.get("volumes", []):
            source = mount.split(":")[0]
            if source.startswith("."):
                if not os.path.exists(os.path.join(repo, source)):
                    fail(f"{name}: {source} does not exist")
            elif source not in (compose.get("volumes") or {}):
                fail(f"{name}: volume {source} is not declared")
        for dependency in service.get("depends_on", []):
            if dependency not in services:
                fail(f"{name} depends on {dependency}, which is not a service")

    # The services agree.
    postgres = services["postgres"]["environment"]
    minio = services["minio"]["environment"]
    bucket_line = " ".join(services["s3-bucket"]["entrypoint"])
    config_text = open(os.path.join(repo, "deploy/compose/pictor.toml")).read()
    shared = re.search(r'^shared = "s3://([^/"]+)/', config_text, re.M)
    if not shared or f"s3/{shared.group(1)}" not in bucket_line:
        fail("the bucket s3-bucket makes is not cache.shared's")
    if 'endpoint = "http://minio:9000"' not in config_text:
        fail("s3.endpoint is not the minio service")
    for node in nodes:
        env = services[node]["environment"]
        url = urllib.parse.urlparse(env["PICTOR_CATALOG_URL"])
        if (url.username, url.password, url.hostname, url.path.lstrip("/")) != (
                postgres["POSTGRES_USER"], postgres["POSTGRES_PASSWORD"], "postgres",
                postgres["POSTGRES_DB"]):
            fail(f"{node}: PICTOR_CATALOG_URL is not the postgres service's database")
        if (env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]) != (
                minio["MINIO_ROOT_USER"], minio["MINIO_ROOT_PASSWORD"]):
            fail(f"{node}: the S3 keys are not MinIO's")
        if services[node]["healthcheck"]["test"] != ["CMD", "pictor", "health"]:
            fail(f"{node}: its health check is not pictor health")

    # nginx: the upstreams are the pictor nodes, hashed by URI, and the file passes nginx -t
    # (the compose service names made loopback, as compose's DNS is not here).
    nginx_text = open(os.path.join(repo, "deploy/compose/nginx.conf")).read()
    upstreams = re.findall(r"^\s*server (pictor\d+):8080", nginx_text, re.M)
    if sorted(upstreams) != nodes:
        fail(f"nginx's upstreams {upstreams} are not the pictor nodes {nodes}")
    if "hash $request_uri consistent;" not in nginx_text:
        fail("nginx does not hash on the request URI")
    local = re.sub(r"\bpictor\d+:8080", "127.0.0.1:8080", nginx_text)
    local = local.replace("listen 80;", "listen 127.0.0.1:18080;")
    conf = os.path.join(work, "nginx.conf")
    open(conf, "w").write(f"pid {work}/nginx.pid;\nerror_log stderr;\n" + local)
    t = subprocess.run(["/usr/sbin/nginx", "-t", "-q", "-p", work, "-e", "stderr", "-c", conf],
                       capture_output=True, text=True)
    if t.returncode != 0:
        fail(f"nginx -t: {t.stderr.strip()}")

    # The pictor nodes' configuration and environment.
    config = os.path.join(repo, "deploy/compose/pictor.toml")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PICTOR_")}
    moved = ["--set", "store.images=" + samples, "--set", "store.data=" + work + "/data",
             "--set", "converter.dir=" + work + "/previews"]
    for node in nodes:
        env = {**clean, **{k: str(v) for k, v in services[node]["environment"].items()}}
        c = subprocess.run([pictor, "serve", "--check-config", "--config", config, *moved],
                           env=env, capture_output=True, text=True)
        if c.returncode != 0:
            fail(f"{node}: {c.stderr.strip()}")

    env = {**clean, **{k: str(v) for k, v in services[nodes[0]]["environment"].items()},
           "PICTOR_CATALOG_URL": "sqlite:" + work + "/catalog.sqlite"}
    log = open(os.path.join(work, "serve.log"), "w")
    server = subprocess.Popen(
        [pictor, "serve", "--config", config, *moved, "--set", "cache.shared=",
         "--set", "server.host=127.0.0.1", "--set", "server.port=0",
         "--set", "ops.listen=127.0.0.1:0", "--ready-file", work + "/port"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(100):
        if os.path.exists(work + "/port") and open(work + "/port").read().strip():
            break
        time.sleep(0.1)
    port = open(work + "/port").read().strip()
    base = f"http://127.0.0.1:{port}"
    info = json.load(urllib.request.urlopen(base + "/iiif/3/photo.jpg/info.json", timeout=30))
    if info["id"] != "http://localhost:8080/iiif/3/photo.jpg":
        fail(f"info.json's id is {info['id']}, not under server.public_url")
    if urllib.request.urlopen(base + "/readyz", timeout=30).status != 200:
        fail("not ready")
    h = subprocess.run([pictor, "health", "--url", base + "/healthz"], capture_output=True)
    if h.returncode != 0:
        fail("pictor health says the node is unhealthy")
    server.send_signal(signal.SIGTERM)
    if server.wait(timeout=45) != 0:
        fail("the node did not stop cleanly")
    if "example-admin-password" in open(os.path.join(work, "serve.log")).read():
        fail("a secret in the log")
finally:
    shutil.rmtree(work, ignore_errors=True)

if failures:
    sys.exit(1)
print(f"compose OK: {len(services)} services, {len(nodes)} pictor nodes")
