# Local stack helpers (source after env.sh): prepare state, start and stop `wrangler dev`.

# Writes edge/.dev.vars once: local-only settings and a random token-signing secret.
stack_dev_vars() {
  local f="$ROOT/edge/.dev.vars"
  if [ ! -f "$f" ]; then
    umask 077
    printf 'ENVIRONMENT=development\nSESSION_SECRET=%s\n' "$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')" >"$f"
  fi
}

# stack_prepare DIR: applies D1 migrations, the demo seed and the dashboard history
# (seed/history.sql) to the local state in DIR.
stack_prepare() {
  local dir="$1"
  stack_dev_vars
  (
    cd "$ROOT/edge"
    CI=true wrangler d1 migrations apply DB --local --persist-to "$dir" >/dev/null
    wrangler d1 execute DB --local --persist-to "$dir" --file seed/demo.sql >/dev/null
    # Months of dashboard history for synthetic subscribers (idempotent).
    wrangler d1 execute DB --local --persist-to "$dir" --file seed/history.sql >/dev/null
  )
}

# stack_start PORT DIR LOG [EXTRA WRANGLER ARGS…]: starts wrangler dev in the background for
# the Worker in $STACK_WORKER_DIR (default: edge/) and waits for /api/health; sets STACK_PID.
stack_start() {
  local port="$1" dir="$2" log="$3"
  shift 3
  (
    cd "${STACK_WORKER_DIR:-$ROOT/edge}"
    # Cellar Door is two Workers in one wrangler dev: the API (the entry) and the static files
    # it passes everything outside /api/ to (wrangler.web.toml).
    configs=()
    [ ! -f wrangler.web.toml ] || configs=(--config wrangler.toml --config wrangler.web.toml)
    exec wrangler dev "${configs[@]}" --ip 127.0.0.1 --port "$port" --inspector-port "$((port + 1000))" \
      --persist-to "$dir" --show-interactive-dev-session=false --live-reload=false "$@"
  ) >"$log" 2>&1 &
  STACK_PID=$!
  local i
  for i in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1; then
      return 0
    fi
    if ! kill -0 "$STACK_PID" 2>/dev/null; then
      echo "wrangler dev exited; its log:" >&2
      tail -40 "$log" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "wrangler dev did not answer on port $port within 60 s; its log:" >&2
  tail -40 "$log" >&2
  return 1
}

# stack_stop: SIGTERM (never SIGKILL: that orphans workerd on the port) and wait.
stack_stop() {
  if [ -n "${STACK_PID:-}" ] && kill -0 "$STACK_PID" 2>/dev/null; then
    kill -TERM "$STACK_PID" 2>/dev/null || true
    local i
    for i in $(seq 1 40); do
      kill -0 "$STACK_PID" 2>/dev/null || break
      sleep 0.25
    done
  fi
  STACK_PID=
}

# stack_worker_pids: the pids of the workerd processes wrangler dev started for the Worker
# itself (behind its dev proxy), descendants of STACK_PID. Reads /proc only.
stack_worker_pids() {
  local pid p mine
  [ -n "${STACK_PID:-}" ] || return 0
  for pid in $(pgrep -f 'workerd serve .*entry=127\.0\.0\.1:0'); do
    p="$pid" mine=0
    while [ -n "$p" ] && [ "$p" -gt 1 ]; do
      [ "$p" = "$STACK_PID" ] && { mine=1; break; }
      p="$(awk '{print $4}' "/proc/$p/stat" 2>/dev/null)"
    done
    [ "$mine" = 0 ] || echo "$pid"
  done
}

# stack_direct_port PATH: prints the port on which the Worker's own workerd (the one wrangler
# dev starts for the Worker, behind its dev proxy) answers PATH with 200, or nothing. The
# benchmark measures through it: the proxy is a dev-only hop (it keeps the URL stable across
# reloads) that costs a third of a core at the benchmark's load and does not exist in
# production. Reads /proc only.
stack_direct_port() {
  local path="${1:-/api/health}" pid inodes port
  for pid in $(stack_worker_pids); do
    inodes="$(find "/proc/$pid/fd" -lname 'socket:*' -printf '%l\n' 2>/dev/null | tr -dc '0-9\n')"
    # LISTEN sockets (state 0A) on 127.0.0.1 owned by that process.
    for port in $(awk -v list="$inodes" 'BEGIN { n = split(list, a, "\n"); for (i = 1; i <= n; i++) own[a[i]] = 1 }
        $4 == "0A" && $2 ~ /^0100007F:/ && ($10 in own) { print substr($2, 10) }' /proc/net/tcp); do
      port=$((16#$port))
      if [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$port$path")" = 200 ]; then
        echo "$port"
        return 0
      fi
    done
  done
}
