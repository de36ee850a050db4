#!/usr/bin/env python3
"""Exactly-once check of a scale-out run's records (load-tests/scale-out/bench.sh).

usage: check.py rdns|http INPUT RECORDS
  rdns: INPUT holds IPv4 CIDR ranges, one per line; every address of the range on line L must have one
        record with "line" L and "name" its reverse name (d.c.b.a.in-addr.arpa.).
  http: INPUT holds URLs, one per line; line L must have one record with "line" L and "input" that URL.
Prints one line: targets records distinct lost duplicated unexpected not_ok
  lost = expected keys without a record; duplicated = records beyond the first for a key;
  unexpected = records whose key is no input's (wrong line, or a name outside the line's range);
  not_ok = records of expected keys that are not an answer (rdns: not NOERROR with the testbed's
  PTR target; http: not status 200).
"""
import json
import sys


def ip_int(a):
    p = a.split(".")
    if len(p) != 4:
        raise ValueError(a)
    n = 0
    for x in p:
        v = int(x)
        if not 0 <= v <= 255:
            raise ValueError(a)
        n = n * 256 + v
    return n


def main():
    kind, input_file, records_file = sys.argv[1:4]
    lines = {}
    with open(input_file, encoding="utf-8") as f:
        for i, raw in enumerate(f, 1):
            s = raw.strip()
            if s and not s.startswith("#"):
                lines[i] = s
    ranges = {}
    targets = 0
    if kind == "rdns":
        for i, s in lines.items():
            base, prefix = (s.split("/") + ["32"])[:2]
            size = 1 << (32 - int(prefix))
            start = ip_int(base) & ~(size - 1) & 0xFFFFFFFF
            ranges[i] = (start, size)
            targets += size
    else:
        targets = len(lines)
    seen = {}
    records = unexpected = not_ok = 0
    with open(records_file, encoding="utf-8") as f:
        for raw in f:
            if not raw.strip():
                continue
            records += 1
            try:
                r = json.loads(raw)
            except ValueError:
                unexpected += 1
                continue
            line = r.get("line")
            if kind == "rdns":
                name = r.get("name") or ""
                rng = ranges.get(line)
                try:
                    labels = name.rstrip(".").split(".")
                    if labels[4:] != ["in-addr", "arpa"]:
                        raise ValueError(name)
                    addr = ".".join(reversed(labels[:4]))
                    ip = ip_int(addr)
                except (ValueError, IndexError):
                    unexpected += 1
                    continue
                if rng is None or not rng[0] <= ip < rng[0] + rng[1]:
                    unexpected += 1
                    continue
                key = (line, ip)
                ok = r.get("rcode") == "NOERROR" and r.get("answers") == [addr.replace(".", "-") + ".v4.bulkfetch.test."]
            else:
                if lines.get(line) is None or r.get("input") != lines[line]:
                    unexpected += 1
                    continue
                key = line
                ok = r.get("status") == 200
            if key in seen:
                seen[key] += 1
            else:
                seen[key] = 1
                if not ok:
                    not_ok += 1
    distinct = len(seen)
    duplicated = sum(seen.values()) - distinct
    print(targets, records, distinct, targets - distinct, duplicated, unexpected, not_ok)


if __name__ == "__main__":
    main()
