// hsload: an HTTP/1.1 keep-alive load client over a Unix socket, so the daemon and nginx are
// driven by the same client in the same run (wrk and ab speak TCP only).
//
//   hsload -u SOCKET -c CONNECTIONS -n REQUESTS [-m METHOD] [-b BODYFILE] PATH
//
// "{n}" in PATH and in the body becomes the request's number (1...REQUESTS), so each PUT can
// name its own plan. Responses must carry Content-Length. Prints one JSON line: requests,
// seconds, rps, p50_ms, p99_ms, max_ms, errors (responses other than 2xx, or broken
// connections). Single-threaded epoll, so the client takes as little CPU from the server as
// it can.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    int fd;
    char *out; size_t out_len, out_off;
    char *in; size_t in_len, in_cap;
    double started;
    int busy;
} conn_t;

static const char *sock_path, *method = "GET", *path_tpl;
static char *body_tpl; static size_t body_tpl_len;
static long total, issued, done, errors;
static double *latencies;

static double now(void) {
    struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void die(const char *what) { perror(what); exit(2); }

// Copies `tpl` into `out` with every "{n}" replaced by `n`; returns the length written.
static size_t expand(char *out, const char *tpl, size_t len, long n) {
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (i + 2 < len && tpl[i] == '{' && tpl[i + 1] == 'n' && tpl[i + 2] == '}') {
            o += sprintf(out + o, "%ld", n); i += 2;
        } else out[o++] = tpl[i];
    }
    return o;
}

static int open_conn(void) {
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) die("socket");
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    strncpy(a.sun_path, sock_path, sizeof a.sun_path - 1);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0 && errno != EINPROGRESS) die("connect");
    return fd;
}

// The most bytes `expand` can write for `tpl`: each "{n}" grows to at most 20 digits.
static size_t expanded_cap(const char *tpl, size_t len) {
    size_t cap = len + 1;
    for (size_t i = 0; i + 2 < len; i++)
        if (tpl[i] == '{' && tpl[i + 1] == 'n' && tpl[i + 2] == '}') cap += 20;
    return cap;
}

static void start_request(conn_t *c, int ep) {
    long n = ++issued;
    size_t path_cap = expanded_cap(path_tpl, strlen(path_tpl));
    size_t body_cap = body_tpl ? expanded_cap(body_tpl, body_tpl_len) : 1;
    c->out = realloc(c->out, strlen(method) + path_cap + body_cap + 256);
    char *path = malloc(path_cap);
    size_t plen = expand(path, path_tpl, strlen(path_tpl), n); path[plen] = 0;
    char *body = malloc(body_cap);
    size_t blen = body_tpl ? expand(body, body_tpl, body_tpl_len, n) : 0;
    int h = sprintf(c->out, "%s %s HTTP/1.1\r\nHost: localhost\r\n", method, path);
    if (body_tpl) h += sprintf(c->out + h, "Content-Type: application/yaml\r\nContent-Length: %zu\r\n", blen);
    h += sprintf(c->out + h, "\r\n");
    memcpy(c->out + h, body, blen);
    free(body);
    free(path);
    c->out_len = h + blen; c->out_off = 0; c->in_len = 0; c->busy = 1;
    c->started = now();
    struct epoll_event ev = { .events = EPOLLOUT | EPOLLIN, .data.ptr = c };
    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

// A complete response in c->in? Returns its length, 0 if more bytes are needed.
static size_t complete(conn_t *c, int *status) {
    char *end = memmem(c->in, c->in_len, "\r\n\r\n", 4);
    if (!end) return 0;
    size_t head = end - c->in + 4;
    *status = atoi(c->in + 9);
    long length = -1;
    for (char *p = c->in; p < end; ) {
        char *eol = memmem(p, end - p + 2, "\r\n", 2);
        if (!eol) break;
        if (strncasecmp(p, "content-length:", 15) == 0) length = atol(p + 15);
        p = eol + 2;
    }
    if (length < 0) { fprintf(stderr, "hsload: a response without Content-Length\n"); exit(2); }
    return c->in_len >= head + (size_t)length ? head + (size_t)length : 0;
}

static void reconnect(conn_t *c, int ep) {
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->fd = open_conn();
    struct epoll_event ev = { .events = EPOLLOUT | EPOLLIN, .data.ptr = c };
    epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    int conns = 1, opt;
    while ((opt = getopt(argc, argv, "u:c:n:m:b:")) != -1) {
        switch (opt) {
        case 'u': sock_path = optarg; break;
        case 'c': conns = atoi(optarg); break;
        case 'n': total = atol(optarg); break;
        case 'm': method = optarg; break;
        case 'b': {
            FILE *f = fopen(optarg, "rb"); if (!f) die(optarg);
            fseek(f, 0, SEEK_END); body_tpl_len = ftell(f); rewind(f);
            body_tpl = malloc(body_tpl_len + 1);
            if (fread(body_tpl, 1, body_tpl_len, f) != body_tpl_len) die("read body");
            fclose(f); break;
        }
        default: goto usage;
        }
    }
    if (!sock_path || optind != argc - 1 || total < 1 || conns < 1) {
    usage:
        fprintf(stderr, "usage: hsload -u SOCKET -c CONNECTIONS -n REQUESTS [-m METHOD] [-b BODYFILE] PATH\n");
        return 64;
    }
    path_tpl = argv[optind];
    if (conns > total) conns = (int)total;
    latencies = calloc(total, sizeof *latencies);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    conn_t *cs = calloc(conns, sizeof *cs);
    double t0 = now();
    for (int i = 0; i < conns; i++) {
        cs[i].fd = open_conn();
        struct epoll_event ev = { .events = EPOLLOUT, .data.ptr = &cs[i] };
        epoll_ctl(ep, EPOLL_CTL_ADD, cs[i].fd, &ev);
        start_request(&cs[i], ep);
    }
    struct epoll_event evs[256];
    while (done < total) {
        int k = epoll_wait(ep, evs, 256, 30000);
        if (k == 0) { fprintf(stderr, "hsload: no progress in 30 s\n"); return 2; }
        for (int i = 0; i < k; i++) {
            conn_t *c = evs[i].data.ptr;
            if (!c->busy) continue;
            if (c->out_off < c->out_len && (evs[i].events & EPOLLOUT)) {
                ssize_t w = write(c->fd, c->out + c->out_off, c->out_len - c->out_off);
                if (w > 0) c->out_off += w;
                else if (w < 0 && errno != EAGAIN) { errors++; reconnect(c, ep); c->out_off = 0; continue; }
                if (c->out_off == c->out_len) {
                    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
                    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                }
            }
            if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
                for (;;) {
                    if (c->in_cap - c->in_len < 65536) { c->in_cap = c->in_cap * 2 + 65536; c->in = realloc(c->in, c->in_cap); }
                    ssize_t r = read(c->fd, c->in + c->in_len, c->in_cap - c->in_len);
                    if (r > 0) { c->in_len += r; continue; }
                    if (r < 0 && errno == EAGAIN) break;
                    // The peer closed (nginx ends keep-alive after keepalive_requests): send again.
                    reconnect(c, ep); c->out_off = 0; c->in_len = 0;
                    goto next;
                }
                int status;
                if (complete(c, &status)) {
                    latencies[done++] = now() - c->started;
                    if (status < 200 || status > 299) errors++;
                    c->busy = 0;
                    if (issued < total) start_request(c, ep);
                }
            }
        next:;
        }
    }
    double secs = now() - t0;
    qsort(latencies, total, sizeof *latencies, cmp);
    printf("{\"requests\": %ld, \"seconds\": %.4f, \"rps\": %.1f, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f, \"errors\": %ld}\n",
           total, secs, total / secs, latencies[total / 2] * 1e3, latencies[(long)(total * 0.99)] * 1e3,
           latencies[total - 1] * 1e3, errors);
    return 0;
}
