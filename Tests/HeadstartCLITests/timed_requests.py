"""Test helper: COUNT sequential GET /healthz requests on fresh connections to a Unix socket;
print each one's seconds, or "failed"."""
import socket, sys, time

path, count = sys.argv[1], int(sys.argv[2])
for _ in range(count):
    start = time.monotonic()
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(30)
        s.connect(path)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        reply = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            reply += chunk
        s.close()
        print(f"{time.monotonic() - start:.3f}" if reply.startswith(b"HTTP/1.1 200") else "failed", flush=True)
    except OSError:
        print("failed", flush=True)
