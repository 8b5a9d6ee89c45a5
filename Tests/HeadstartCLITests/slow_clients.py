"""Test helper: hold COUNT connections to a Unix socket, each with half a request line sent,
until STOPFILE appears (at most 120 s); print how many the daemon accepted and kept open."""
import os, socket, sys, time

path, count, stopfile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
held = []
for _ in range(count):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(path)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHo")
        held.append(s)
    except OSError:
        s.close()
time.sleep(0.5)
open_now = 0
for s in held:
    s.setblocking(False)
    try:
        data = s.recv(1)
        if data:
            open_now += 1
    except BlockingIOError:
        open_now += 1
    except OSError:
        pass
print(f"holding {open_now} of {count}", flush=True)
deadline = time.time() + 120
while not os.path.exists(stopfile) and time.time() < deadline:
    time.sleep(0.05)
