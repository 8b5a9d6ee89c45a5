"""Test helper: a server on a Unix socket that is not a well-behaved Headstart daemon.

usage: fake_daemon.py SOCKET MODE [FILE]
  html     answers every request 200 text/html
  garbage  answers bytes that are not HTTP, then closes
  close    accepts and closes at once
  silent   accepts and never answers
  fail     answers 500 problem+json, as a daemon whose store failed
  plain500 answers 500 with a body that is not a problem document
  hostile  a Headstart-shaped server whose data carries terminal escapes: FILE is the JSON
           served for .../recommendations; listings and events are made here
  drifted  a Headstart-shaped server whose listing lacks fields the contract requires
Runs until killed; prints "ready" once it listens.
"""
import json, os, socket, sys, threading

path, mode = sys.argv[1], sys.argv[2]
document = open(sys.argv[3], "rb").read() if len(sys.argv) > 3 else b""
ESC = "\x1b]0;pwned\x07\x1b[31mRED\x1b[0m\rFAKE\nLINE"


def reply(conn, status, ctype, body, extra=b""):
    # Each connection answers one request and closes: said, so a client never sends a second on it.
    head = (f"HTTP/1.1 {status}\r\nServer: headstart/0.1.0\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n").encode()
    conn.sendall(head + extra + b"\r\n" + body)


def handle(conn):
    try:
        if mode == "close":
            return
        if mode == "silent":
            threading.Event().wait(600)
            return
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = conn.recv(65536)
            if not chunk:
                return
            request += chunk
        line = request.split(b"\r\n", 1)[0].decode()
        target = line.split(" ")[1] if " " in line else "/"
        if mode == "html":
            body = b"<html><body>hello</body></html>"
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
        elif mode == "garbage":
            conn.sendall(b"\x00\x01\x02 this is not HTTP \xff\xfe\r\n\r\n")
        elif mode == "fail":
            body = json.dumps({"type": "urn:headstart:problem:store-failed", "title": "The store failed", "status": 500,
                               "detail": "disk I/O error", "instance": target}).encode()
            reply(conn, "500 Internal Server Error", "application/problem+json", body)
        elif mode == "plain500":
            reply(conn, "500 Internal Server Error", "text/plain", b"Internal Server Error")
        elif mode == "hostile":
            if target.startswith("/v1/events"):
                events = [{"revision": 1, "type": "plan-submitted", "plan": "x" + ESC, "time": "2026-11-27T00:00:00.000Z",
                           "planRevision": 1, "created": True, "submitterUid": 0},
                          {"revision": None, "type": "resync", "plan": None, "time": "2026-11-27T00:00:00.500Z",
                           "reason": "pruned", "resumeFrom": 7},
                          {"revision": 2, "type": "shutdown", "plan": None, "time": "2026-11-27T00:00:01.000Z"}]
                body = b"".join(json.dumps(e).encode() + b"\n" for e in events)
                reply(conn, "200 OK", "application/x-ndjson", body)
            elif target.startswith("/v1/plans/") and "/recommendations" in target:
                reply(conn, "200 OK", "application/json", document)
            elif target.startswith("/v1/plans/"):
                body = json.dumps({"name": "x", "yaml": "name: x\nowner: " + ESC + "\n", "revision": 1, "latestRevision": 1,
                                   "owner": ESC, "submitted": "2026-11-27T00:00:00.000Z", "created": "2026-11-27T00:00:00.000Z",
                                   "submitterUid": 0, "ownerUid": 0}).encode()
                reply(conn, "200 OK", "application/json", body)
            elif target.startswith("/v1/plans"):
                body = json.dumps({"plans": [{"name": "x" + ESC, "owner": ESC, "revision": 1, "updated": "2026-11-27T00:00:00.000Z",
                                              "summary": {"placed": 1, "waiting": 0, "late": 0, "unplaceable": 0},
                                              "nextReplanAt": None, "asOf": "2026-11-27", "catalogVersion": ESC, "status": "current"}]}).encode()
                reply(conn, "200 OK", "application/json", body)
            else:
                reply(conn, "404 Not Found", "application/problem+json", json.dumps({"detail": "no route " + ESC}).encode())
        elif mode == "drifted":
            # A daemon of another contract: a listing without its status, a summary without counts.
            body = json.dumps({"plans": [{"name": "x", "owner": None, "revision": 1, "updated": "2026-11-27T00:00:00.000Z",
                                          "summary": {"placed": 1}, "nextReplanAt": None, "asOf": None, "catalogVersion": None}]}).encode()
            reply(conn, "200 OK", "application/json", body)
    except OSError:
        pass
    finally:
        if mode != "silent":
            conn.close()


if os.path.exists(path):
    os.unlink(path)
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(path)
server.listen(64)
print("ready", flush=True)
while True:
    conn, _ = server.accept()
    threading.Thread(target=handle, args=(conn,), daemon=True).start()
