#!/bin/bash
# Generates the testbed's fixed content at image build time: the files nginx serves (plain, and
# pre-compressed copies for gzip_static) and the reverse zone of 198.18.0.0/16 for NSD.
# Deterministic, so every build serves the same bytes; the conformance tests still read the files
# back from the container instead of trusting this script.
# Usage: make-content.sh WWW_DIR ZONES_DIR
set -euo pipefail
www=$1
zones=$2
mkdir -p "$www" "$zones"

# letters in a long-period pattern: compressible, but not one repeated byte
pattern() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "%c", 97 + (i * 7 + int(i / 251)) % 26 }'; }
# pseudo-random bytes from a fixed LCG: gzip cannot shrink them, every byte value occurs
noise() { perl -e 'use integer; my $x = 1; for (1 .. $ARGV[0]) { $x = ($x * 1103515245 + 12345) % 2147483648; print chr(($x >> 16) & 255) }' "$1"; }

: >"$www/empty.bin"
printf 'hello from the bulkfetch testbed\n' >"$www/hello.txt"
printf '<!doctype html>\n<title>bulkfetch testbed</title>\n<p>nginx, gzip on, chunked responses.</p>\n' >"$www/index.html"
pattern 1024 >"$www/pattern-1k.bin"
pattern 102400 >"$www/pattern-100k.bin"
pattern 1048576 >"$www/pattern-1m.bin"
noise 65536 >"$www/noise-64k.bin"
# gzip_static serves FILE.gz with a Content-Length: gzip without chunked framing (-n: no name or time)
for f in "$www"/*; do
  gzip -9 -n -c "$f" >"$f.gz"
done

# every address of 198.18.0.0/16 has a PTR, named as the embedded testbed names it
awk 'BEGIN {
  print "$ORIGIN 18.198.in-addr.arpa."
  print "$TTL 3600"
  print "@ IN SOA ns.bulkfetch.test. hostmaster.bulkfetch.test. 1 3600 600 86400 3600"
  print "@ IN NS ns.bulkfetch.test."
  for (c = 0; c < 256; c++) for (d = 0; d < 256; d++)
    printf "%d.%d IN PTR 198-18-%d-%d.v4.bulkfetch.test.\n", d, c, c, d
}' >"$zones/18.198.in-addr.arpa.zone"
