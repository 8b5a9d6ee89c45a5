#!/usr/bin/env bash
# Headstart's benchmark suite (see README, Performance): `make bench`, or
#   bash Tests/Benchmarks/bench.sh [RUNS]     (default 5 runs per figure)
# Each figure is our number next to an anchor measured in the same run, as a ratio, with the
# median, min and max of RUNS runs: figures 1-4 here, 5-9 (the daemon, 9 on PostgreSQL) in daemon.py, then the
# in-process stages of figures 1 and 2 with package-benchmark (Tests/Benchmarks/Package.swift).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# What a new machine lacks: libyaml, nginx and sqlite3 (the anchors), PyYAML with its C loader.
missing=()
pkg-config --exists yaml-0.1 || missing+=(libyaml-dev)
command -v nginx >/dev/null || missing+=(nginx)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
pkg-config --exists sqlite3 || missing+=(libsqlite3-dev)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if ((${#missing[@]})); then apt-get update -q && apt-get install -y -q "${missing[@]}" >&2; fi
python3 -c "import yaml; yaml.CSafeLoader" 2>/dev/null || python3 -m pip install -q pyyaml

echo "building (release)..." >&2
swift build -c release --scratch-path .build-release --product headstart >&2
swift build -c release --scratch-path .build-release --product headstart-gen >&2
bin=.build-release/release
gcc -O2 -o "$work/yaml_scan" Tests/Benchmarks/floor/yaml_scan.c -lyaml
gcc -O2 -o "$work/hsload" Tests/Benchmarks/load/hsload.c

gen() { "$bin/headstart-gen" "$@"; }
gen catalog > "$work/catalog.yaml"
gen plan --workloads 20000 > "$work/plan.yaml"
gen plan --workloads 2000 > "$work/plan-2k.yaml"
gen plan --workloads 20000 --override-heavy > "$work/plan-heavy.yaml"
gen catalog --regions 240 > "$work/catalog-wide.yaml"
gen plan --workloads 20000 --regions 240 > "$work/plan-wide.yaml"
gen catalog --regions 2 > "$work/catalog-narrow.yaml"
gen plan --workloads 20000 --regions 2 > "$work/plan-narrow.yaml"

# median min max (seconds) of RUNS runs of a command, output discarded
measure() {
    python3 - "$runs" "$@" <<'PY'
import statistics, subprocess, sys, time
runs = int(sys.argv[1]); cmd = sys.argv[2:]
times = []
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    times.append(time.perf_counter() - t)
print(f"{statistics.median(times):.4f} {min(times):.4f} {max(times):.4f}")
PY
}

plan="$bin/headstart plan --as-of 2026-11-26"
floor=$(measure "$work/yaml_scan" "$work/plan.yaml")
summary=$(measure $plan "$work/plan.yaml" --catalog "$work/catalog.yaml" --format summary)
json=$(measure $plan "$work/plan.yaml" --catalog "$work/catalog.yaml" --format json)
pyyaml=$(measure python3 -c "import yaml,sys; yaml.load(open(sys.argv[1]), Loader=yaml.CSafeLoader)" "$work/plan.yaml")
small=$(measure $plan "$work/plan-2k.yaml" --catalog "$work/catalog.yaml" --format summary)
narrow=$(measure $plan "$work/plan-narrow.yaml" --catalog "$work/catalog-narrow.yaml" --format summary)
wide=$(measure $plan "$work/plan-wide.yaml" --catalog "$work/catalog-wide.yaml" --format summary)
bytes=$($plan "$work/plan.yaml" --catalog "$work/catalog.yaml" --format json | wc -c)
# The same three figures on a plan where every fifth workload overrides its clouds and every
# seventh its residency.
hfloor=$(measure "$work/yaml_scan" "$work/plan-heavy.yaml")
hsummary=$(measure $plan "$work/plan-heavy.yaml" --catalog "$work/catalog.yaml" --format summary)
hjson=$(measure $plan "$work/plan-heavy.yaml" --catalog "$work/catalog.yaml" --format json)
hpyyaml=$(measure python3 -c "import yaml,sys; yaml.load(open(sys.argv[1]), Loader=yaml.CSafeLoader)" "$work/plan-heavy.yaml")
hbytes=$($plan "$work/plan-heavy.yaml" --catalog "$work/catalog.yaml" --format json | wc -c)

python3 - "$floor" "$summary" "$json" "$pyyaml" "$small" "$narrow" "$wide" "$hfloor" "$hsummary" "$hjson" "$hpyyaml" \
    "$bytes" "$(stat -c %s "$work/plan.yaml")" "$hbytes" <<'PY'
import sys
f, s, j, p, sm, na, wi, hf, hs, hj, hp = (tuple(map(float, a.split())) for a in sys.argv[1:12])
out_bytes, in_bytes, heavy_bytes = int(sys.argv[12]), int(sys.argv[13]), int(sys.argv[14])
rows = [
    ("1 ingest + plan, --format summary", s, "libyaml event scan (C)", f, s[0] / f[0], "<= 2x"),
    ("2 full JSON output", j, "libyaml event scan (C)", f, j[0] / f[0], "<= 5x"),
    ("3 anchor / ours: PyYAML CSafeLoader load", p, "headstart summary", s, p[0] / s[0], ">= 30x"),
    ("1h ingest + plan, override-heavy plan", hs, "libyaml event scan (C)", hf, hs[0] / hf[0], "<= 2x"),
    ("2h full JSON, override-heavy plan", hj, "libyaml event scan (C)", hf, hj[0] / hf[0], "<= 5x"),
    ("3h PyYAML load, override-heavy plan", hp, "headstart summary", hs, hp[0] / hs[0], ">= 30x"),
    ("4a 10x workloads (2k -> 20k)", s, "2k workloads", sm, s[0] / sm[0], "<= 11x"),
    ("4b 10x regions (24 -> 240 per cloud)", wi, "24 regions", s, wi[0] / s[0], "<= 11x"),
    ("4c 12x regions (2 -> 24 per cloud)", s, "2 regions", na, s[0] / na[0], "(curve)"),
]
print(f"input {in_bytes / 1e6:.2f} MB of YAML, 20,000 workloads; JSON output {out_bytes / 1e6:.1f} MB "
      f"at {out_bytes / 1e6 / j[0]:.0f} MB/s (target >= 200 MB/s); override-heavy plan: "
      f"JSON output {heavy_bytes / 1e6:.1f} MB at {heavy_bytes / 1e6 / hj[0]:.0f} MB/s")
print(f"{'figure':44} {'ours (median min-max s)':26} {'anchor':26} {'ratio':>7}  target")
for name, ours, anchor_name, anchor, ratio, target in rows:
    print(f"{name:44} {ours[0]:.3f} ({ours[1]:.3f}-{ours[2]:.3f})      {anchor[0]:.3f} {anchor_name[:16]:16} {ratio:7.2f}  {target}")
PY

echo
echo "daemon figures (5-9)..." >&2
python3 Tests/Benchmarks/daemon.py "$bin/headstart" "$bin/headstart-gen" "$work/hsload" "$work" "$runs"

echo
echo "in-process stages (package-benchmark)..." >&2
(cd Tests/Benchmarks && HEADSTART_BENCH_DIR="$work" swift package --scratch-path ../../.build-bench \
    --allow-writing-to-package-directory benchmark --no-progress --format markdown 2>&1) | grep -v '^\[\|^Build\|^Building\|^Compiling\|^Write'
