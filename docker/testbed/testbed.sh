#!/bin/bash
# Entry point of the testbed image: runs one real server in the foreground on 127.0.0.1, on the
# port given by the environment (containers run with host networking, so the port is the host's).
#   testbed nginx    HTTP_PORT (default 18080)
#   testbed nsd      DNS_PORT  (default 15353, UDP and TCP)
# TESTBED_LIFETIME (seconds, default 3600) bounds the server's life: a test run that is killed
# before it can stop its containers does not leave servers behind for long.
set -euo pipefail
run=${TESTBED_RUN_DIR:-/tmp/testbed}
lifetime=${TESTBED_LIFETIME:-3600}

port() {  # port NAME DEFAULT -> the validated value of $NAME
  local value=${!1:-$2}
  if [[ ! $value =~ ^[1-9][0-9]{0,4}$ ]] || ((value > 65535)); then
    echo "testbed: $1 must be a port number (got '$value')" >&2
    exit 2
  fi
  echo "$value"
}
render() {  # render TEMPLATE PORT_NAME PORT > config
  sed -e "s#@RUN@#$run#g" -e "s#@$2@#$3#g" "/etc/testbed/$1"
}

mkdir -p "$run/xfr"
case ${1:-} in
  nginx)
    p=$(port HTTP_PORT 18080)
    render nginx.conf.in HTTP_PORT "$p" >"$run/nginx.conf"
    nginx -q -t -e stderr -c "$run/nginx.conf"
    echo "testbed: nginx on 127.0.0.1:$p" >&2
    exec timeout "$lifetime" nginx -e stderr -c "$run/nginx.conf"
    ;;
  nsd)
    p=$(port DNS_PORT 15353)
    render nsd.conf.in DNS_PORT "$p" >"$run/nsd.conf"
    nsd-checkconf "$run/nsd.conf"
    echo "testbed: nsd on 127.0.0.1:$p (udp, tcp)" >&2
    exec timeout "$lifetime" nsd -d -c "$run/nsd.conf"
    ;;
  *)
    echo "usage: testbed nginx|nsd   (ports from HTTP_PORT / DNS_PORT)" >&2
    exit 2
    ;;
esac
