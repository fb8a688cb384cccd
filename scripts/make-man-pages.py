#!/usr/bin/env python3
"""Writes pictor's man pages from the built binary's own help, so they never drift from it:
pictor(1), one page per subcommand (pictor-serve(1), pictor-process(1), pictor-admin(1),
pictor-sign(1)) and pictor.toml(5) with every configuration key, its environment variable and
default (the list `pictor serve --help` prints). Each page is gzipped as Debian wants it.

Usage: make-man-pages.py PICTOR_BINARY OUT_DIR VERSION
"""
import datetime
import gzip
import os
import re
import subprocess
import sys

pictor, out_dir, version = sys.argv[1], sys.argv[2], sys.argv[3]
# Reproducible: the date of the source, not of the build (SOURCE_DATE_EPOCH when packaging).
stamp = datetime.datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH", "1796601600")),
                                        datetime.timezone.utc)
date = stamp.strftime("%Y-%m-%d")


def run_help(*args):
    # No PICTOR_* from the environment may change the defaults the pages show.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PICTOR_")}
    return subprocess.run([pictor, *args, "--help"], capture_output=True, text=True, env=env,
                          check=True).stdout


def roff(text):
    """Escapes text for a roff line: backslashes, and a leading dot or quote."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return re.sub(r"^([.'])", r"\\&\1", text)


def options_of(help_text):
    """(flags, description) of each line of CLI11's "Options:" block."""
    block = help_text.split("Options:", 1)[1]
    block = re.split(r"\n\n", block, maxsplit=1)[0]
    out = []
    for line in block.splitlines():
        m = re.match(r"^  (\S.*?)\s{2,}(.*)$", line)
        if m:
            out.append((m.group(1), m.group(2)))
        elif line.strip() and out:
            out[-1] = (out[-1][0], out[-1][1] + " " + line.strip())
    return out


def options_section(help_text):
    lines = [".SH OPTIONS"]
    for flags, description in options_of(help_text):
        lines += [".TP", "\\fB" + roff(flags) + "\\fR", roff(description)]
    return lines


def page(name, section, summary, body):
    header = [f'.TH {name.upper()} {section} "{date}" "pictor {version}" "pictor manual"',
              ".SH NAME", f"{roff(name)} \\- {roff(summary)}"]
    text = "\n".join(header + body) + "\n"
    path = os.path.join(out_dir, f"{name}.{section}.gz")
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write(text.encode())
    return path


def paragraph(*sentences):
    return [".PP", roff(" ".join(sentences))]


see_also_all = ["pictor(1)", "pictor-serve(1)", "pictor-process(1)", "pictor-admin(1)",
                "pictor-sign(1)", "pictor.toml(5)"]


def see_also(own):
    names = [n for n in see_also_all if not n.startswith(own + "(")]
    return [".SH SEE ALSO", ", ".join("\\fB" + roff(n.split("(")[0]) + "\\fR(" +
                                      n.split("(")[1] for n in names)]


common_tail = [".SH LICENSE", "Apache\\-2.0 (SPDX). /usr/share/doc/pictor/copyright.",
               ".SH DOCUMENTATION", "/usr/share/doc/pictor and the project's docs/ folder."]
files = [".SH FILES", ".TP", "/etc/pictor/pictor.toml", "the configuration of the packaged service",
         ".TP", "/srv/pictor/images", "the packaged configuration's source images; never removed "
         "by the package", ".TP", "/var/lib/pictor",
         "catalog, derivative cache, uploads, pyramid side\\-cars (store.data); removed on purge"]

os.makedirs(out_dir, exist_ok=True)
written = []

top = run_help()
written.append(page("pictor", 1, "image server for IIIF and friends", [
    ".SH SYNOPSIS",
    "\\fBpictor serve\\fR [\\fIOPTIONS\\fR]", ".br",
    "\\fBpictor process\\fR [\\fIOPTIONS\\fR] \\fIinput\\fR \\fIoutput\\fR", ".br",
    "\\fBpictor admin\\fR [\\fIOPTIONS\\fR] \\fIcommand\\fR [\\fIargs\\fR]", ".br",
    "\\fBpictor sign\\fR [\\fIOPTIONS\\fR] \\fIurl\\fR", ".br",
    "\\fBpictor health\\fR [\\fIOPTIONS\\fR]", ".br",
    "\\fBpictor \\-\\-version\\fR",
    ".SH DESCRIPTION",
    *paragraph("pictor serves source images (local, HTTP or S3) through one access policy, one "
               "libvips engine and one derivative cache, in five dialects: the IIIF Image API "
               "3.0 and 2.1 with IIIF Auth, a simple display API, a MediaWiki-style file and "
               "thumbnails REST API, an Open-Xchange-style preview cache and Wedia-style "
               "imaging actions."),
    ".SH COMMANDS",
    ".TP", "\\fBserve\\fR", "serve images over HTTP; see \\fBpictor\\-serve\\fR(1)",
    ".TP", "\\fBprocess\\fR", "run a request on a local file; see \\fBpictor\\-process\\fR(1)",
    ".TP", "\\fBadmin\\fR", "call the admin API of a running server; see \\fBpictor\\-admin\\fR(1)",
    ".TP", "\\fBsign\\fR", "print a URL signed with signing.keys; see \\fBpictor\\-sign\\fR(1)",
    ".TP", "\\fBhealth\\fR",
    "exit 0 if the server at http://server.host:server.port (or \\-\\-url) answers /healthz, "
    "1 otherwise: a container's HEALTHCHECK",
    *options_section(top),
    ".SH ENVIRONMENT",
    ".TP", "\\fBPICTOR_CONFIG\\fR", "the configuration file, when \\-\\-config is not given",
    ".TP", "\\fBPICTOR_\\fISECTION\\fB_\\fIKEY\\fR",
    "any configuration key (\\fBPICTOR_LIMITS_MAX_WIDTH=4000\\fR); see \\fBpictor.toml\\fR(5)",
    ".SH EXIT STATUS",
    "0 on success; 2 when the configuration or the command line is wrong; 1 when a command "
    "failed.",
    *files, *common_tail, *see_also("pictor")]))

serve = run_help("serve").split("Configuration keys", 1)[0]
written.append(page("pictor-serve", 1, "serve images over HTTP", [
    ".SH SYNOPSIS", "\\fBpictor serve\\fR [\\fIOPTIONS\\fR]",
    ".SH DESCRIPTION",
    *paragraph("Serves the images of store.images on server.host:server.port (127.0.0.1:8080 by "
               "default) until SIGTERM. Settings come from the configuration file, then PICTOR_* "
               "environment variables, then --set flags, the later winning; every key is listed "
               "in pictor.toml(5)."),
    *options_section(serve),
    ".SH SIGNALS",
    ".TP", "\\fBSIGHUP\\fR",
    "read the configuration again and apply the log level, the request limits "
    "(limits.deadline_ms, limits.max_decoded_pixels, limits.max_output_pixels), the imaging "
    "actions file and the access policies; every other changed key is logged as needing a "
    "restart. A configuration that does not load changes nothing.",
    ".TP", "\\fBSIGTERM\\fR, \\fBSIGINT\\fR",
    "stop accepting, finish the requests in flight (server.shutdown_grace_s) and exit 0.",
    ".SH EXIT STATUS", "0 after a clean stop or a good \\-\\-check\\-config; 2 when the "
    "configuration is wrong or a port cannot be bound.",
    ".SH EXAMPLES",
    ".nf", "pictor serve \\-\\-config /etc/pictor/pictor.toml",
    "pictor serve \\-\\-images samples \\-\\-port 8080 \\-\\-set limits.max_width=4000",
    "pictor serve \\-\\-config /etc/pictor/pictor.toml \\-\\-check\\-config", ".fi",
    *files, *common_tail, *see_also("pictor-serve")]))

process = run_help("process")
written.append(page("pictor-process", 1, "run a request on a local file", [
    ".SH SYNOPSIS", "\\fBpictor process\\fR [\\fIOPTIONS\\fR] \\fIinput\\fR \\fIoutput\\fR",
    ".SH DESCRIPTION",
    *paragraph("Runs the server's engine on a file, standard input or a folder (--batch), "
               "under the same limits as the server (limits.*). The output's extension picks "
               "the format, or --format."),
    *options_section(process),
    ".SH EXAMPLES",
    ".nf",
    "pictor process photo.jpg thumb.jpg \\-\\-iiif 'full/!300,300/0/default'",
    "pictor process photo.jpg photo.tif \\-\\-pyramid",
    "pictor process \\- \\- \\-\\-iiif full/300,/0/default \\-\\-format webp < in.jpg > out.webp",
    "pictor process \\-\\-batch in/ out/ \\-\\-iiif 'full/!2000,2000/0/default' \\e",
    "    \\-\\-set iiif.clamp_confined_size=true \\-\\-format jpg",
    ".fi",
    ".SH EXIT STATUS", "0 when every file was written; 1 when one failed; 2 for a wrong "
    "command line or configuration.",
    *common_tail, *see_also("pictor-process")]))

admin = run_help("admin")
commands = admin.split("Commands:", 1)[1].strip("\n") if "Commands:" in admin else ""
written.append(page("pictor-admin", 1, "call the admin API of a running server", [
    ".SH SYNOPSIS", "\\fBpictor admin\\fR [\\fIOPTIONS\\fR] \\fIcommand\\fR [\\fIargs\\fR]",
    ".SH DESCRIPTION",
    *paragraph("Calls the admin API (/admin/...) of the server at --url, or at "
               "http://server.host:server.port from the configuration, as admin.user."),
    *options_section(admin),
    ".SH COMMANDS", ".nf", *[roff(line) for line in commands.splitlines()], ".fi",
    ".SH EXAMPLES", ".nf",
    "pictor admin \\-\\-config /etc/pictor/pictor.toml assets",
    "pictor admin add\\-role staff",
    "pictor admin policy photo.jpg \\-\\-role staff \\-\\-open\\-full\\-max 400",
    ".fi",
    *common_tail, *see_also("pictor-admin")]))

sign = run_help("sign")
written.append(page("pictor-sign", 1, "print a URL signed with signing.keys", [
    ".SH SYNOPSIS", "\\fBpictor sign\\fR [\\fIOPTIONS\\fR] \\fIurl\\fR",
    ".SH DESCRIPTION",
    *paragraph("Appends sig= (and expires= with --expires-in) to a URL or path, signed with "
               "the first key of signing.keys or --key, as the server verifies it."),
    *options_section(sign),
    ".SH EXAMPLES", ".nf",
    "pictor sign '/api/display/photo.jpg?size=300' \\-\\-expires\\-in 3600", ".fi",
    *common_tail, *see_also("pictor-sign")]))

# pictor.toml(5): every key, by section, from serve --help's list.
keys_text = run_help("serve").split("Configuration keys", 1)[1]
keys = re.findall(r'^  ([a-z0-9_]+)\.([a-z0-9_.]+) \((PICTOR_[A-Z0-9_]+), default "(.*)"\)\n'
                  r'      (.*)$', keys_text, re.M)
body = [".SH SYNOPSIS", "/etc/pictor/pictor.toml",
        ".SH DESCRIPTION",
        *paragraph("pictor's configuration: a TOML file with one [section] per part of the "
                   "server. Each key may also be set by the environment variable named beside "
                   "it, or by pictor serve --set section.key=value; the command line wins over "
                   "the environment, which wins over the file. An unknown key or a bad value "
                   "stops start-up with exit code 2, naming the key. Relative paths in the file "
                   "are read against the file's folder. pictor serve --check-config checks a "
                   "configuration without serving; SIGHUP applies some keys to a running "
                   "server (pictor-serve(1))."),
        ".SH EXAMPLE", ".nf", "[server]", 'host = "127.0.0.1"', "port = 8080", "",
        "[store]", 'images = "/srv/pictor/images"', 'data = "/var/lib/pictor"', "",
        "[limits]", "max_width = 10000", ".fi"]
section = None
for sec, key, env, default, help_text in keys:
    if sec != section:
        body += [".SH [" + roff(sec.upper()) + "]", ".PP", "In the \\fB[" + roff(sec) +
                 "]\\fR section."]
        section = sec
    shown = '"' + default + '"' if default else "(empty)"
    body += [".TP", "\\fB" + roff(key) + "\\fR = " + roff(shown) + "   (\\fB" + roff(env) +
             "\\fR)", roff(help_text)]
body += [*files, *common_tail, *see_also("pictor.toml")]
written.append(page("pictor.toml", 5, "pictor's configuration file", body))
if len(keys) < 100:
    sys.exit(f"make-man-pages: only {len(keys)} keys found in pictor serve --help")
print(f"make-man-pages: {len(written)} pages, {len(keys)} keys in pictor.toml(5)")
