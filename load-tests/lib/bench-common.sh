# Helpers shared by the benchmark scripts (sourced, not run): free loopback ports, clocks, medians
# and peak RSS from /usr/bin/time -v.
port_free() {  # port_free PORT -> 0 if both UDP and TCP 127.0.0.1:PORT can be bound
  local p=$1
  if command -v python3 >/dev/null 2>&1 && timeout 10 python3 -c 1 >/dev/null 2>&1; then
    timeout 10 python3 - "$p" <<'EOF'
import socket, sys
p = int(sys.argv[1])
try:
    for t in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
        s = socket.socket(socket.AF_INET, t); s.bind(("127.0.0.1", p)); s.close()
except OSError:
    sys.exit(1)
EOF
  else
    [[ -z "$(ss -Hln "sport = :$p" 2>/dev/null)" ]]
  fi
}
USED_PORTS=" "
pick_port() {  # pick_port VAR PREFERRED -> sets VAR (unless already set) to a free port >= PREFERRED
  local -n _var=$1
  local p=$2
  if [[ -n "${_var:-}" ]]; then USED_PORTS+="$_var "; return 0; fi
  while ((p < 65000)); do
    if [[ "$USED_PORTS" != *" $p "* ]] && port_free "$p"; then USED_PORTS+="$p "; _var=$p; return 0; fi
    p=$((p + 1))
  done
  echo "error: no free port found from $2 on" >&2; exit 1
}
now_ns() { date +%s%N; }
secs_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN{printf "%.3f", (b-a)/1e9}'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR]=$1} END{ if (NR==0) {print "-"; exit}
  if (NR%2) print v[(NR+1)/2]; else printf "%.6g\n", (v[NR/2]+v[NR/2+1])/2 }'; }
max_rss_mib() { awk -F': *' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$1" 2>/dev/null || true; }

stop_pids() {  # stop_pids PID... -> TERM, up to 5 s each to exit, then KILL; only PIDs the script started
  local pid i
  for pid in "$@"; do
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  for pid in "$@"; do
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
}
finish_work_dir() {  # removes $WORK unless KEEP=1
  if [[ "$KEEP" == 1 ]]; then
    log "KEEP=1: work dir kept at $WORK"
  else
    rm -rf "$WORK"
  fi
}

install_pkgs() {  # install_pkgs PKG... -> Debian packages, apt-get update only when a first try fails
  (($#)) || return 0
  log "installing: $*"
  local sudo=(); [[ "$(id -u)" == 0 ]] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  if ! timeout 900 "${sudo[@]}" apt-get install -y --no-install-recommends "$@" >"$WORK/apt.log" 2>&1; then
    log "install failed; running apt-get update and retrying"
    timeout 900 "${sudo[@]}" apt-get update >>"$WORK/apt.log" 2>&1
    timeout 900 "${sudo[@]}" apt-get install -y --no-install-recommends "$@" >>"$WORK/apt.log" 2>&1 \
      || { tail -20 "$WORK/apt.log" >&2; echo "error: could not install $*" >&2; exit 1; }
  fi
}
