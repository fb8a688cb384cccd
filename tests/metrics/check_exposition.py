#!/usr/bin/python3
"""Checks a Prometheus text exposition (format 0.0.4, on stdin) the way a strict scraper reads
it: it must parse (prometheus_client's parser, Debian python3-prometheus-client), and

- every family appears once, with HELP and a TYPE other than untyped/unknown, and all of its
  samples together (a sample after another family's TYPE starts a new, untyped family);
- counter samples end in _total; histograms have _bucket with le="+Inf", _sum and _count;
  summaries have _sum and _count.

Exit status 0 when it holds, 1 with the problems listed otherwise.
Usage: /usr/bin/python3 check_exposition.py < metrics.txt  (Debian's Python: its parser package)
"""
import re
import sys

from prometheus_client.parser import text_string_to_metric_families

SUFFIXES = {"counter": ["_total"], "gauge": [""], "histogram": ["_bucket", "_sum", "_count"],
            "summary": ["", "_sum", "_count"]}


def main():
    text = sys.stdin.read()
    problems = []
    # The raw text: families declared once, samples under their own family's TYPE.
    typed = {}
    current = None
    for number, line in enumerate(text.splitlines(), 1):
        m = re.match(r"# TYPE (\S+) (\S+)$", line)
        if m:
            name, kind = m.groups()
            if name in typed:
                problems.append(f"line {number}: family {name} declared twice")
            typed[name] = kind
            current = (name, kind)
            continue
        if not line or line.startswith("#"):
            continue
        sample = re.match(r"([a-zA-Z_:][a-zA-Z0-9_:]*)", line).group(1)
        if current is None:
            problems.append(f"line {number}: sample {sample} before any TYPE")
            continue
        name, kind = current
        if kind == "counter":
            ok = sample == name and name.endswith("_total")
        else:
            ok = any(sample == name + s for s in SUFFIXES.get(kind, [""]))
        if not ok:
            problems.append(f"line {number}: sample {sample} is not part of family {name} ({kind})")
    # The parser: everything parses, nothing comes out untyped.
    try:
        families = list(text_string_to_metric_families(text))
    except Exception as e:  # the parser's own message says where
        problems.append(f"does not parse: {e}")
        families = []
    for f in families:
        if f.type in ("unknown", "untyped"):
            problems.append(f"family {f.name} is {f.type}")
        if not f.documentation:
            problems.append(f"family {f.name} has no HELP")
        names = {s.name for s in f.samples}
        if f.type == "histogram":
            for s in ("_bucket", "_sum", "_count"):
                if f.samples and f.name + s not in names:
                    problems.append(f"histogram {f.name} has no {s}")
            if f.samples and not any(s.labels.get("le") == "+Inf" for s in f.samples):
                problems.append(f"histogram {f.name} has no +Inf bucket")
        if f.type == "summary" and f.samples:
            for s in ("_sum", "_count"):
                if f.name + s not in names:
                    problems.append(f"summary {f.name} has no {s}")
    for p in problems:
        print(p)
    print(f"{len(families)} families, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
