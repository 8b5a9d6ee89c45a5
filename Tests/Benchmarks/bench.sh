#!/usr/bin/env bash
# Headstart's benchmark suite, whole-process figures (see README, Performance).
#   bash Tests/Benchmarks/bench.sh [RUNS]     (default 5 runs per figure)
# Each figure is our time next to an anchor measured in the same run, as a ratio, with the
# median, min and max of RUNS runs. Figures 1-4 and 8 of the performance issue so far.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

pkg-config --exists yaml-0.1 || { apt-get update -q && apt-get install -y -q libyaml-dev; }
python3 -c "import yaml; yaml.CSafeLoader" 2>/dev/null || python3 -m pip install -q pyyaml

echo "building (release)..." >&2
swift build -c release --scratch-path .build-release --product headstart >&2
swift build -c release --scratch-path .build-release --product headstart-gen >&2
bin=.build-release/release
gcc -O2 -o "$work/yaml_scan" Tests/Benchmarks/floor/yaml_scan.c -lyaml

gen() { "$bin/headstart-gen" "$@"; }
gen catalog > "$work/catalog.yaml"
gen plan --workloads 20000 > "$work/plan.yaml"
gen plan --workloads 2000 > "$work/plan-2k.yaml"
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

python3 - "$floor" "$summary" "$json" "$pyyaml" "$small" "$narrow" "$wide" "$bytes" "$(stat -c %s "$work/plan.yaml")" <<'PY'
import sys
f, s, j, p, sm, na, wi = (tuple(map(float, a.split())) for a in sys.argv[1:8])
out_bytes, in_bytes = int(sys.argv[8]), int(sys.argv[9])
rows = [
    ("1 ingest + plan, --format summary", s, "libyaml event scan (C)", f, s[0] / f[0], "<= 2x"),
    ("2 full JSON output", j, "libyaml event scan (C)", f, j[0] / f[0], "<= 5x"),
    ("3 anchor / ours: PyYAML CSafeLoader load", p, "headstart summary", s, p[0] / s[0], ">= 30x"),
    ("4a 10x workloads (2k -> 20k)", s, "2k workloads", sm, s[0] / sm[0], "<= 11x"),
    ("4b 10x regions (24 -> 240 per cloud)", wi, "24 regions", s, wi[0] / s[0], "<= 11x"),
    ("4c 12x regions (2 -> 24 per cloud)", s, "2 regions", na, s[0] / na[0], "(curve)"),
]
print(f"input {in_bytes / 1e6:.2f} MB of YAML, 20,000 workloads; JSON output {out_bytes / 1e6:.1f} MB "
      f"at {out_bytes / 1e6 / j[0]:.0f} MB/s (target >= 200 MB/s)")
print(f"{'figure':44} {'ours (median min-max s)':26} {'anchor':26} {'ratio':>7}  target")
for name, ours, anchor_name, anchor, ratio, target in rows:
    print(f"{name:44} {ours[0]:.3f} ({ours[1]:.3f}-{ours[2]:.3f})      {anchor[0]:.3f} {anchor_name[:16]:16} {ratio:7.2f}  {target}")
PY

# Figure 8: footprint. Idle RSS and time to answer after start, empty and with 1,000 plans of
# 50 workloads stored (submitted once, then the daemon restarted: it serves what it stored).
python3 - "$bin/headstart" "$bin/headstart-gen" "$work" <<'PY'
import json, os, socket, subprocess, sys, time
headstart, gen, work = sys.argv[1:4]
sock, state = f"{work}/hs.sock", f"{work}/state"
def start():
    t = time.perf_counter()
    p = subprocess.Popen([headstart, "serve", "--socket", sock, "--state-dir", state, "--catalog", f"{work}/catalog.yaml",
                          "--log-level", "error", "--max-plans", "5000"])
    while True:
        try:
            s = socket.socket(socket.AF_UNIX); s.connect(sock); s.close(); break
        except OSError:
            time.sleep(0.001)
    return p, time.perf_counter() - t
def rss(p):
    return int([l for l in open(f"/proc/{p.pid}/status") if l.startswith("VmRSS")][0].split()[1]) / 1024
def put(name, body):
    s = socket.socket(socket.AF_UNIX); s.connect(sock)
    s.sendall(f"PUT /v1/plans/{name} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
    reply = b""
    while chunk := s.recv(65536): reply += chunk
    s.close()
    assert reply.startswith(b"HTTP/1.1 20"), reply[:100]
p, ready_empty = start(); time.sleep(1); idle_empty = rss(p)
for i in range(1000):
    body = subprocess.run([gen, "plan", "--workloads", "50", "--seed", str(i + 1)], capture_output=True, check=True).stdout
    put(f"generated-{i + 1}", body)
time.sleep(1); loaded = rss(p)
p.terminate(); p.wait()
p, ready_loaded = start(); time.sleep(1); idle_loaded = rss(p)
p.terminate(); p.wait()
print(f"8 footprint: idle {idle_empty:.1f} MB empty (target <= 30), {loaded:.1f} MB after storing 1,000 plans, "
      f"{idle_loaded:.1f} MB restarted with them (target <= 150); ready in {ready_empty * 1000:.0f} ms empty, "
      f"{ready_loaded * 1000:.0f} ms with 1,000 plans stored (target <= 300)")
PY
