"""Daemon figures 5-8 of the benchmark suite, each next to its anchor from the same run.

    python3 Tests/Benchmarks/daemon.py HEADSTART HEADSTART_GEN HSLOAD WORKDIR RUNS

5 reads: GET recommendations over the socket vs nginx serving the same bytes as a static file
  on a Unix socket, both driven by hsload (32 keep-alive connections): a 50-workload document
  (about 100 kB) and a 5-workload one (a few kB, where per-request costs dominate), the small one
  also with the per-request access log on (--log-level debug), to measure what that line costs.
6 durable writes: sequential PUTs of a 50-workload plan vs the sqlite3 shell writing exactly the
  rows and bytes a PUT writes (the revision, both documents, the placements, the events; WAL,
  synchronous=FULL, one transaction each) on the same disk, and vs a bare insert of the plan's
  bytes; then 8 writers.
7 re-plan storm: 1,000 stored plans, 100 watchers, catalog replaced: until every watcher has
  every plan's event, vs `headstart plan` of the same 1,000 plans in one process.
8 footprint: idle RSS empty and with the 1,000 plans, and time to answer after start.
9 the shared store: figures 5 and 6 again with the daemon on PostgreSQL (a throwaway cluster on
  a Unix socket in WORKDIR, default durability: fsync and synchronous_commit on), each next to
  the same figure on SQLite from this run.
"""
import json
import os
import selectors
import socket
import statistics
import subprocess
import sys
import threading
import time

headstart, gen, hsload, work, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
sock, state = f"{work}/hs.sock", f"{work}/state"
catalog = f"{work}/catalog.yaml"


def stats(values):
    return statistics.median(values), min(values), max(values)


def start(socket_path=sock, state_dir=state, extra=(), stderr=None):
    t = time.perf_counter()
    # The catalog comes through the API (stored, and kept across restarts): with --catalog the
    # file would be its only source and the storm's PUT /v1/catalog would be refused.
    p = subprocess.Popen([headstart, "serve", "--socket", socket_path, "--state-dir", state_dir,
                          "--log-level", "error", "--max-plans", "5000", *extra], stderr=stderr)
    while True:
        try:
            s = socket.socket(socket.AF_UNIX)
            s.connect(socket_path)
            s.close()
            break
        except OSError:
            if p.poll() is not None:
                sys.exit(f"the daemon exited with {p.returncode}")
            time.sleep(0.001)
    return p, time.perf_counter() - t


def install_catalog(socket_path=sock):
    request("PUT", "/v1/catalog", open(catalog, "rb").read(), socket_path=socket_path)


def stop(p):
    p.terminate()
    p.wait()


def rss(p):
    return int([l for l in open(f"/proc/{p.pid}/status") if l.startswith("VmRSS")][0].split()[1]) / 1024


def request(method, path, body=b"", socket_path=sock):
    s = socket.socket(socket.AF_UNIX)
    s.connect(socket_path)
    s.sendall(f"{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
    reply = b""
    while chunk := s.recv(1 << 16):
        reply += chunk
    s.close()
    head, _, payload = reply.partition(b"\r\n\r\n")
    status = int(head.split()[1])
    assert 200 <= status < 300, reply[:300]
    return payload


def load(socket_path, connections, requests, path, method="GET", body=None):
    cmd = [hsload, "-u", socket_path, "-c", str(connections), "-n", str(requests), "-m", method]
    if body:
        cmd += ["-b", body]
    result = json.loads(subprocess.run(cmd + [path], capture_output=True, check=True, text=True).stdout)
    assert result["errors"] == 0, result
    return result


def plan_yaml(seed, name=None, workloads=50):
    body = subprocess.run([gen, "plan", "--workloads", str(workloads), "--seed", str(seed)], capture_output=True, check=True).stdout
    return body if name is None else body.replace(f"name: generated-{seed}\n".encode(), f"name: {name}\n".encode())


rows = []

# Figure 5: reads.
os.makedirs(f"{work}/www/v1/plans/generated-1", exist_ok=True)
os.makedirs(f"{work}/nginx-tmp", exist_ok=True)
daemon, _ = start()
install_catalog()
request("PUT", "/v1/plans/generated-1", plan_yaml(1))
document = request("GET", "/v1/plans/generated-1/recommendations")
open(f"{work}/www/v1/plans/generated-1/recommendations", "wb").write(document)
nginx_sock = f"{work}/nginx.sock"
temp = f"{work}/nginx-tmp"
open(f"{work}/nginx.conf", "w").write(f"""
{"user root;" if os.getuid() == 0 else ""}
worker_processes auto;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx.err warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path {temp}; proxy_temp_path {temp}; fastcgi_temp_path {temp}; uwsgi_temp_path {temp}; scgi_temp_path {temp};
  server {{ listen unix:{nginx_sock}; root {work}/www; default_type application/json; }}
}}
""")
nginx = subprocess.Popen(["nginx", "-c", f"{work}/nginx.conf"])
while not os.path.exists(nginx_sock):
    time.sleep(0.01)
assert request("GET", "/v1/plans/generated-1/recommendations", socket_path=nginx_sock) == document
reads = {"ours": [], "nginx": []}
path = "/v1/plans/generated-1/recommendations"
load(sock, 32, 5000, path)
load(nginx_sock, 32, 5000, path)
for _ in range(runs):
    reads["nginx"].append(load(nginx_sock, 32, 40000, path))
    reads["ours"].append(load(sock, 32, 40000, path))
# A small, realistic document: a 5-workload plan.
request("PUT", "/v1/plans/small-1", plan_yaml(7, "small-1", workloads=5))
small_document = request("GET", "/v1/plans/small-1/recommendations")
os.makedirs(f"{work}/www/v1/plans/small-1", exist_ok=True)
open(f"{work}/www/v1/plans/small-1/recommendations", "wb").write(small_document)
small_path = "/v1/plans/small-1/recommendations"
assert request("GET", small_path, socket_path=nginx_sock) == small_document
small = {"ours": [], "nginx": []}
load(sock, 32, 5000, small_path)
load(nginx_sock, 32, 5000, small_path)
for _ in range(runs):
    small["nginx"].append(load(nginx_sock, 32, 40000, small_path))
    small["ours"].append(load(sock, 32, 40000, small_path))
nginx.terminate()
nginx.wait()
# The same small reads with the access log on: a second daemon at --log-level debug, its stderr
# going to a file as it would to a journal.
logged_sock = f"{work}/hs-logged.sock"
logged, _ = start(logged_sock, f"{work}/state-logged", ["--log-level", "debug"], stderr=open(f"{work}/logged.err", "wb"))
install_catalog(logged_sock)
request("PUT", "/v1/plans/small-1", plan_yaml(7, "small-1", workloads=5), socket_path=logged_sock)
assert request("GET", small_path, socket_path=logged_sock) == small_document
load(logged_sock, 32, 5000, small_path)
small_logged = [load(logged_sock, 32, 40000, small_path) for _ in range(runs)]
stop(logged)
ours_rps, nginx_rps = stats([r["rps"] for r in reads["ours"]]), stats([r["rps"] for r in reads["nginx"]])
ours_p99, nginx_p99 = stats([r["p99_ms"] for r in reads["ours"]]), stats([r["p99_ms"] for r in reads["nginx"]])
rows.append((f"5a GET recommendations ({len(document) // 1000} kB), req/s", ours_rps, "nginx static file", nginx_rps,
             ours_rps[0] / nginx_rps[0], ">= 0.5"))
rows.append(("5b p99 latency, ms", ours_p99, "nginx", nginx_p99, ours_p99[0] / nginx_p99[0], "<= 3"))
small_rps, small_nginx_rps = stats([r["rps"] for r in small["ours"]]), stats([r["rps"] for r in small["nginx"]])
small_p99, small_nginx_p99 = stats([r["p99_ms"] for r in small["ours"]]), stats([r["p99_ms"] for r in small["nginx"]])
rows.append((f"5c GET small document ({len(small_document) // 1000} kB), req/s", small_rps, "nginx static file", small_nginx_rps,
             small_rps[0] / small_nginx_rps[0], ">= 0.5"))
rows.append(("5d small document p99, ms", small_p99, "nginx", small_nginx_p99, small_p99[0] / small_nginx_p99[0], "<= 3"))
logged_rps = stats([r["rps"] for r in small_logged])
rows.append(("5e small document, access log on, req/s", logged_rps, "access log off (5c)", small_rps, logged_rps[0] / small_rps[0], "(compare)"))

# Figure 6: durable writes.
template = plan_yaml(1).replace(b"name: generated-1\n", b"name: w{n}-x\n")
sequential, concurrent, bare, like = [], [], [], []
# What one PUT of the 50-workload plan writes, read back from the daemon: the plan's bytes, both
# documents, its placements and its events.
put_parts = {"yaml": plan_yaml(1), "document": document,
             "explained": request("GET", "/v1/plans/generated-1/recommendations?explain=true")}
for name, data in put_parts.items():
    open(f"{work}/put-{name}.bin", "wb").write(data)
placements = json.loads(document)["recommendations"]
# The two events a new plan appends (plan-submitted, recommendations-changed), their payloads' sizes as stored.
event_sizes = [int(n) for n in subprocess.run(["sqlite3", f"{state}/headstart.sqlite",
                                                "SELECT length(payload) FROM event WHERE plan = 'generated-1' ORDER BY revision LIMIT 2"],
                                               capture_output=True, check=True, text=True).stdout.split()]


def like_for_like(run, count=300):
    """The sqlite3 shell writing the rows and bytes of `count` PUTs, one transaction each."""
    database = f"{work}/like-{run}.sqlite"
    script = ["PRAGMA journal_mode=WAL;", "PRAGMA synchronous=FULL;",
              "CREATE TABLE plan_revision(plan TEXT, revision INTEGER, yaml BLOB, PRIMARY KEY(plan, revision));",
              "CREATE TABLE plan(name TEXT PRIMARY KEY, revision INTEGER, updated TEXT);",
              "CREATE TABLE recommendation(plan TEXT PRIMARY KEY, document BLOB, explained BLOB);",
              "CREATE TABLE placement(plan TEXT, workload TEXT, capability TEXT, cloud TEXT, region TEXT, since TEXT, PRIMARY KEY(plan, workload, capability));",
              "CREATE TABLE event(revision INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT, plan TEXT, payload BLOB);"]
    for i in range(count):
        script.append("BEGIN;")
        script.append(f"INSERT INTO plan_revision VALUES('p{i}', 1, readfile('{work}/put-yaml.bin'));")
        script.append(f"INSERT INTO plan VALUES('p{i}', 1, '2026-11-27');")
        script.append(f"INSERT INTO recommendation VALUES('p{i}', readfile('{work}/put-document.bin'), readfile('{work}/put-explained.bin'));")
        for r in placements:
            current = r.get("current") or {}
            script.append(f"INSERT INTO placement VALUES('p{i}', '{r['workload']}', '{r['capability']}', '{current.get('cloud', '')}', "
                          f"'{current.get('region', '')}', '2026-11-27');")
        for size in event_sizes:
            script.append(f"INSERT INTO event(type, plan, payload) VALUES('e', 'p{i}', zeroblob({size}));")
        script.append("COMMIT;")
    text = "\n".join(script).encode()
    t = time.perf_counter()
    subprocess.run(["sqlite3", database], input=text, check=True, stdout=subprocess.DEVNULL)
    return count / (time.perf_counter() - t)
for run in range(runs):
    open(f"{work}/put.tpl", "wb").write(template.replace(b"w{n}-x", f"s{run}-{{n}}".encode()))
    sequential.append(load(sock, 1, 300, f"/v1/plans/s{run}-{{n}}", "PUT", f"{work}/put.tpl")["rps"])
    open(f"{work}/put.tpl", "wb").write(template.replace(b"w{n}-x", f"c{run}-{{n}}".encode()))
    concurrent.append(load(sock, 8, 600, f"/v1/plans/c{run}-{{n}}", "PUT", f"{work}/put.tpl")["rps"])
    body = f"{work}/plan-50.yaml"
    open(body, "wb").write(plan_yaml(1))
    like.append(like_for_like(run))
    database = f"{work}/bare-{run}.sqlite"
    script = "PRAGMA journal_mode=WAL;\nPRAGMA synchronous=FULL;\nCREATE TABLE plan(name TEXT PRIMARY KEY, yaml BLOB);\n"
    script += "".join(f"INSERT INTO plan VALUES('p{i}', readfile('{body}'));\n" for i in range(2000))
    t = time.perf_counter()
    subprocess.run(["sqlite3", database], input=script.encode(), check=True, stdout=subprocess.DEVNULL)
    bare.append(2000 / (time.perf_counter() - t))
stop(daemon)
seq, conc, sql, same = stats(sequential), stats(concurrent), stats(bare), stats(like)
rows.append(("6a PUT 50-workload plan, sequential, /s", seq, "sqlite3: a PUT's rows", same, seq[0] / same[0], ">= 0.5"))
rows.append(("6a' the same against a bare insert, /s", seq, "sqlite3 WAL FULL inserts", sql, seq[0] / sql[0], "(was 6a)"))
rows.append(("6b 8 concurrent writers, /s", conc, "sequential PUTs", seq, conc[0] / seq[0], ">= 2"))

# Figure 9: the same reads and writes with the daemon on PostgreSQL.
def postgres_cluster():
    """initdb and pg_ctl into WORKDIR/pg (as nobody when root), on a Unix socket only."""
    versions = sorted(os.listdir("/usr/lib/postgresql"), key=lambda v: int(v) if v.isdigit() else 0)
    pgbin = f"/usr/lib/postgresql/{versions[-1]}/bin"
    folder = f"{work}/pg"
    subprocess.run(["rm", "-rf", folder], check=True)
    os.makedirs(folder)
    as_server = []
    if os.getuid() == 0:
        os.chmod(work, 0o711)  # mktemp's folder is 0700: the server's user must reach its own
        os.chown(folder, 65534, 65534)
        as_server = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
    subprocess.run(as_server + [f"{pgbin}/initdb", "-D", f"{folder}/data", "-U", "headstart", "--auth=trust", "-E", "UTF8",
                                "--no-instructions"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(as_server + [f"{pgbin}/pg_ctl", "-D", f"{folder}/data", "-l", f"{folder}/log", "-w",
                                "-o", f"-k {folder} -c listen_addresses='' -c max_connections=200", "start"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([f"{pgbin}/psql", "-h", folder, "-U", "headstart", "-d", "postgres", "-qc", "CREATE DATABASE bench"], check=True)
    return (lambda: subprocess.run(as_server + [f"{pgbin}/pg_ctl", "-D", f"{folder}/data", "-m", "fast", "-w", "stop"],
                                   check=True, stdout=subprocess.DEVNULL)), f"postgres://headstart@/bench?host={folder}"


stop_cluster, store_url = postgres_cluster()
pg_sock = f"{work}/hs-pg.sock"
daemon, _ = start(pg_sock, f"{work}/state-pg", ["--store", store_url])
install_catalog(pg_sock)
request("PUT", "/v1/plans/generated-1", plan_yaml(1), socket_path=pg_sock)
assert request("GET", path, socket_path=pg_sock) == document
load(pg_sock, 32, 5000, path)
pg_reads, pg_sequential, pg_concurrent = [], [], []
for run in range(runs):
    pg_reads.append(load(pg_sock, 32, 40000, path))
    open(f"{work}/put.tpl", "wb").write(template.replace(b"w{n}-x", f"s{run}-{{n}}".encode()))
    pg_sequential.append(load(pg_sock, 1, 300, f"/v1/plans/s{run}-{{n}}", "PUT", f"{work}/put.tpl")["rps"])
    open(f"{work}/put.tpl", "wb").write(template.replace(b"w{n}-x", f"c{run}-{{n}}".encode()))
    pg_concurrent.append(load(pg_sock, 8, 600, f"/v1/plans/c{run}-{{n}}", "PUT", f"{work}/put.tpl")["rps"])
stop(daemon)
stop_cluster()
pg_rps, pg_p99 = stats([r["rps"] for r in pg_reads]), stats([r["p99_ms"] for r in pg_reads])
pg_seq, pg_conc = stats(pg_sequential), stats(pg_concurrent)
rows.append(("9a PostgreSQL: GET recommendations, req/s", pg_rps, "SQLite (5a)", ours_rps, pg_rps[0] / ours_rps[0], "(compare)"))
rows.append(("9b PostgreSQL: p99 latency, ms", pg_p99, "SQLite (5b)", ours_p99, pg_p99[0] / ours_p99[0], "(compare)"))
rows.append(("9c PostgreSQL: PUT sequential, /s", pg_seq, "SQLite (6a)", seq, pg_seq[0] / seq[0], "(compare)"))
rows.append(("9d PostgreSQL: 8 concurrent writers, /s", pg_conc, "SQLite (6b)", conc, pg_conc[0] / conc[0], "(compare)"))

# Figures 7 and 8 on a fresh state: 1,000 plans of 50 workloads.
subprocess.run(["rm", "-rf", state], check=True)
os.makedirs(f"{work}/plans", exist_ok=True)
daemon, ready_empty = start()
time.sleep(1)
idle_empty = rss(daemon)
install_catalog()
files = []
for i in range(1, 1001):
    body = plan_yaml(i)
    files.append(f"{work}/plans/generated-{i}.yaml")
    open(files[-1], "wb").write(body)
    request("PUT", f"/v1/plans/generated-{i}", body)
time.sleep(1)
loaded = rss(daemon)

# A new catalog version with the same facts: every plan is re-planned, stored and announced.
replacement = open(catalog).read().replace('version: "generated-1"', 'version: "generated-1b"')
assert replacement != open(catalog).read()


def storm(version):
    health = json.loads(request("GET", "/healthz"))
    since = health["lastEventRevision"]
    watchers, selector = [], selectors.DefaultSelector()
    for _ in range(100):
        s = socket.socket(socket.AF_UNIX)
        s.connect(sock)
        s.sendall(f"GET /v1/events?since={since} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        s.setblocking(False)
        watchers.append({"socket": s, "seen": 0, "tail": b"", "resync": False})
        selector.register(s, selectors.EVENT_READ, watchers[-1])
    while json.loads(request("GET", "/healthz"))["watchers"] < 100:
        time.sleep(0.01)
    body = replacement.replace('version: "generated-1b"', f'version: "{version}"').encode()
    t = time.perf_counter()
    answer = {}

    def put():
        answer["body"] = request("PUT", "/v1/catalog", body)
    putter = threading.Thread(target=put)
    putter.start()
    markers = (b'"type":"replanned"', b'"type":"recommendations-changed"')
    done = 0
    while done < 100:
        for key, _ in selector.select(timeout=60):
            w = key.data
            data = key.fileobj.recv(1 << 20)
            if not data:
                sys.exit("a watcher's stream ended early")
            text = w["tail"] + data
            w["seen"] += sum(text.count(m) for m in markers) - sum(w["tail"].count(m) for m in markers)
            w["resync"] |= b'"type":"resync"' in text
            w["tail"] = text[-64:]
            if w["seen"] >= 1000:
                selector.unregister(key.fileobj)
                done += 1
    elapsed = time.perf_counter() - t
    putter.join()
    for w in watchers:
        w["socket"].close()
        assert not w["resync"], "a watcher was cut off"
    assert json.loads(answer["body"])["replanned"] == 1000
    return elapsed


open(f"{work}/catalog-b.yaml", "w").write(replacement)
storms, offline = [], []
for run in range(runs):
    storms.append(storm(f"generated-storm-{run}"))
    t = time.perf_counter()
    subprocess.run([headstart, "plan", *files, "--catalog", f"{work}/catalog-b.yaml", "--format", "json"],
                   stdout=subprocess.DEVNULL, check=True)
    offline.append(time.perf_counter() - t)
st, off = stats(storms), stats(offline)
rows.append(("7 re-plan storm: 1,000 plans, 100 watchers, s", st, "offline plan, 1 process", off, st[0] / off[0], "<= 1.5"))

stop(daemon)
daemon, ready_loaded = start()
time.sleep(1)
idle_loaded = rss(daemon)
stop(daemon)

print(f"{'figure':46} {'ours: median (min-max)':28} {'anchor: median (min-max)':44} {'ratio':>6}  target")
for name, ours, anchor_name, anchor, ratio, target in rows:
    o = f"{ours[0]:.1f} ({ours[1]:.1f}-{ours[2]:.1f})" if ours[0] >= 10 else f"{ours[0]:.3f} ({ours[1]:.3f}-{ours[2]:.3f})"
    a = f"{anchor[0]:.1f} ({anchor[1]:.1f}-{anchor[2]:.1f})" if anchor[0] >= 10 else f"{anchor[0]:.3f} ({anchor[1]:.3f}-{anchor[2]:.3f})"
    print(f"{name:46} {o:28} {a:18} {anchor_name[:25]:25} {ratio:6.2f}  {target}")
print(f"8 footprint: idle {idle_empty:.1f} MB empty (target <= 30), {loaded:.1f} MB after storing 1,000 plans, "
      f"{idle_loaded:.1f} MB restarted with them (target <= 150); ready in {ready_empty * 1000:.0f} ms empty, "
      f"{ready_loaded * 1000:.0f} ms with 1,000 plans stored (target <= 300)")
