/*
 * The one program inside every image and plugin of the real-Swarm harness
 * (test/real/): built static, so a root file system needs nothing else.
 *
 *   stub --plugin SOCKET IMPLEMENTS... [scope=local|global]
 *       a Docker plugin: answers the plugin protocol's HTTP POSTs on a unix
 *       socket (moby pkg/plugins: Plugin.Activate, VolumeDriver.*,
 *       NetworkDriver.*, IpamDriver.*, LogDriver.*, AuthZPlugin.*);
 *   stub [ANY ARGS]
 *       a task's container process: waits for a signal; SIGTERM or SIGINT
 *       exit 0 (a clean stop, as scale-downs and updates expect), SIGUSR1
 *       exits 1 (the harness's `sim$ fail`: "task: non-zero exit (1)").
 *
 * Volumes are directories under /data of the plugin's root file system, so
 * they survive a plugin restart; the engine joins the returned mount point
 * with the plugin's rootfs path.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static char implements[256];
static char volume_scope[16] = "local";

static void send_all(int fd, const char *s, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, s, n);
    if (w <= 0) return;
    s += w;
    n -= (size_t)w;
  }
}

static void reply(int fd, const char *body) {
  char head[256];
  int n = snprintf(head, sizeof head,
                   "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.plugins.v1+json\r\n"
                   "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                   strlen(body));
  send_all(fd, head, (size_t)n);
  send_all(fd, body, strlen(body));
}

/* The string value of "key" in a JSON object (first occurrence), or "". */
static void field(const char *json, const char *key, char *out, size_t cap) {
  char pat[64];
  snprintf(pat, sizeof pat, "\"%s\"", key);
  out[0] = 0;
  const char *p = json ? strstr(json, pat) : NULL;
  if (!p) return;
  p += strlen(pat);
  while (*p == ' ' || *p == ':') p++;
  if (*p != '"') return;
  p++;
  size_t i = 0;
  while (*p && *p != '"' && i + 1 < cap) {
    if (*p == '\\' && p[1]) p++;
    out[i++] = *p++;
  }
  out[i] = 0;
}

/* A volume name usable as one directory name under /data. */
static int safe_name(const char *name) {
  if (!name[0] || strchr(name, '/') || strchr(name, '"') || strchr(name, '\\')) return 0;
  return strcmp(name, ".") && strcmp(name, "..");
}

static void volume_list(char *out, size_t cap) {
  size_t n = (size_t)snprintf(out, cap, "{\"Volumes\":[");
  DIR *d = opendir("/data");
  struct dirent *e;
  int first = 1;
  while (d && (e = readdir(d)) && n + 600 < cap) {
    if (e->d_name[0] == '.' || !safe_name(e->d_name)) continue;
    n += (size_t)snprintf(out + n, cap - n, "%s{\"Name\":\"%s\",\"Mountpoint\":\"/data/%s\"}", first ? "" : ",",
                          e->d_name, e->d_name);
    first = 0;
  }
  if (d) closedir(d);
  snprintf(out + n, cap - n, "]}");
}

/* Log plugins must drain the FIFO the engine gives them, or the container blocks on its output. */
static void drain_fifo(const char *file) {
  if (fork() != 0) return;
  int f = open(file, O_RDONLY);
  char b[4096];
  while (f >= 0 && read(f, b, sizeof b) > 0) {
  }
  _exit(0);
}

static void answer(const char *path, const char *body, char *out, size_t cap) {
  char name[256], dir[300];
  struct stat st;
  field(body, "Name", name, sizeof name);
  snprintf(dir, sizeof dir, "/data/%s", name);
  if (!strcmp(path, "/Plugin.Activate")) {
    snprintf(out, cap, "{\"Implements\":[%s]}", implements);
  } else if (!strcmp(path, "/VolumeDriver.Create")) {
    if (!safe_name(name)) {
      snprintf(out, cap, "{\"Err\":\"invalid volume name\"}");
      return;
    }
    mkdir("/data", 0755);
    mkdir(dir, 0755);
    snprintf(out, cap, "{}");
  } else if (!strcmp(path, "/VolumeDriver.Remove")) {
    if (safe_name(name)) rmdir(dir);
    snprintf(out, cap, "{}");
  } else if (!strcmp(path, "/VolumeDriver.Mount") || !strcmp(path, "/VolumeDriver.Path")) {
    snprintf(out, cap, "{\"Mountpoint\":\"%s\"}", dir);
  } else if (!strcmp(path, "/VolumeDriver.Get")) {
    if (safe_name(name) && stat(dir, &st) == 0)
      snprintf(out, cap, "{\"Volume\":{\"Name\":\"%s\",\"Mountpoint\":\"%s\"}}", name, dir);
    else
      snprintf(out, cap, "{\"Err\":\"no such volume\"}");
  } else if (!strcmp(path, "/VolumeDriver.List")) {
    volume_list(out, cap);
  } else if (!strcmp(path, "/VolumeDriver.Capabilities")) {
    snprintf(out, cap, "{\"Capabilities\":{\"Scope\":\"%s\"}}", volume_scope);
  } else if (!strcmp(path, "/NetworkDriver.GetCapabilities")) {
    /* A swarm service attaches only to a global-scope driver's network. */
    snprintf(out, cap, "{\"Scope\":\"global\",\"ConnectivityScope\":\"global\"}");
  } else if (!strcmp(path, "/IpamDriver.GetCapabilities")) {
    snprintf(out, cap, "{\"RequiresMACAddress\":false}");
  } else if (!strcmp(path, "/IpamDriver.GetDefaultAddressSpaces")) {
    snprintf(out, cap, "{\"LocalDefaultAddressSpace\":\"local\",\"GlobalDefaultAddressSpace\":\"global\"}");
  } else if (!strcmp(path, "/IpamDriver.RequestPool")) {
    snprintf(out, cap, "{\"PoolID\":\"stub\",\"Pool\":\"10.250.0.0/16\",\"Data\":{}}");
  } else if (!strcmp(path, "/IpamDriver.RequestAddress")) {
    snprintf(out, cap, "{\"Address\":\"10.250.0.2/16\",\"Data\":{}}");
  } else if (!strcmp(path, "/LogDriver.StartLogging")) {
    char file[512];
    field(body, "File", file, sizeof file);
    if (file[0]) drain_fifo(file);
    snprintf(out, cap, "{}");
  } else if (!strcmp(path, "/LogDriver.Capabilities")) {
    snprintf(out, cap, "{\"Cap\":{\"ReadLogs\":false}}");
  } else if (!strncmp(path, "/AuthZPlugin.", 13)) {
    snprintf(out, cap, "{\"Allow\":true}");
  } else {
    /* Every other call of the protocol (Leave, DeleteEndpoint, ...) is fine with an empty answer. */
    snprintf(out, cap, "{}");
  }
}

static void serve_one(int fd) {
  static char buf[1 << 16];
  static char out[1 << 15];
  size_t len = 0;
  char *body = NULL;
  long clen = 0;
  for (;;) {
    ssize_t r = read(fd, buf + len, sizeof buf - 1 - len);
    if (r <= 0) break;
    len += (size_t)r;
    buf[len] = 0;
    if (!body) {
      char *end = strstr(buf, "\r\n\r\n");
      if (end) {
        body = end + 4;
        char *cl = strcasestr(buf, "Content-Length:");
        if (cl && cl < end) clen = strtol(cl + 15, NULL, 10);
      }
    }
    if (body && (long)(len - (size_t)(body - buf)) >= clen) break;
    if (len >= sizeof buf - 1) break;
  }
  if (!body) return;
  char path[128] = "";
  sscanf(buf, "%*s %127s", path);
  answer(path, body, out, sizeof out);
  reply(fd, out);
}

static void on_stop(int sig) {
  (void)sig;
  _exit(0);
}

static int plugin(int argc, char **argv) {
  if (argc < 4) return 2;
  size_t n = 0;
  for (int i = 3; i < argc; i++) {
    if (!strncmp(argv[i], "scope=", 6)) {
      snprintf(volume_scope, sizeof volume_scope, "%s", argv[i] + 6);
      continue;
    }
    n += (size_t)snprintf(implements + n, sizeof implements - n, "%s\"%s\"", n ? "," : "", argv[i]);
  }
  signal(SIGCHLD, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
  /* PID 1 of the plugin's container ignores signals it does not handle: exit on the engine's SIGTERM. */
  signal(SIGTERM, on_stop);
  signal(SIGINT, on_stop);
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  snprintf(a.sun_path, sizeof a.sun_path, "%s", argv[2]);
  unlink(argv[2]);
  if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 64)) {
    perror("stub: listen");
    return 1;
  }
  for (;;) {
    int c = accept(s, NULL, NULL);
    if (c < 0) {
      if (errno == EINTR) continue;
      return 1;
    }
    serve_one(c);
    close(c);
  }
}

static volatile sig_atomic_t exit_code = -1;
static void on_signal(int sig) { exit_code = sig == SIGUSR1 ? 1 : 0; }

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "--plugin")) return plugin(argc, argv);
  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);
  signal(SIGUSR1, on_signal);
  while (exit_code < 0) pause();
  return exit_code;
}
