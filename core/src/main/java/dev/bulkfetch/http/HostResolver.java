package dev.bulkfetch.http;

import dev.bulkfetch.dns.DnsAnswer;
import dev.bulkfetch.dns.DnsEngine;
import dev.bulkfetch.dns.DnsQuestion;
import dev.bulkfetch.dns.DnsRcode;
import dev.bulkfetch.dns.DnsRecordType;
import dev.bulkfetch.dns.IpLiteral;
import dev.bulkfetch.error.BulkError;
import dev.bulkfetch.error.ErrorKind;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Turns the host of a URL into an address without ever blocking: IP literals as they are, then
 * /etc/hosts, then the DNS engine (A, then AAAA when there is no A), with answers cached for their
 * TTL and concurrent lookups of one name sharing a single query. Runs on the event loop.
 */
final class HostResolver {

    /** The outcome of a lookup: an address, or an error. */
    interface Callback {
        void resolved(InetAddress address, long dnsNanos, BulkError error);
    }

    private static final long MAX_TTL_NANOS = TimeUnit.HOURS.toNanos(1);
    private static final long NEGATIVE_TTL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final HostsFile hosts;
    private final DnsEngine dns;
    private final Map<String, Entry> cache = new HashMap<>();

    /** One cached or pending name. */
    private static final class Entry {
        InetAddress address;
        BulkError error;
        long expiresNanos;
        /** literal and /etc/hosts answers never expire */
        boolean permanent;
        List<Waiter> waiting;
    }

    private record Waiter(Callback callback, long startNanos) {
    }

    /** @param dns the engine for names, or null when only literals and /etc/hosts may be used */
    HostResolver(HostsFile hosts, DnsEngine dns) {
        this.hosts = hosts;
        this.dns = dns;
    }

    void resolve(HttpUrl url, Callback callback) {
        Entry e = cache.get(url.host());
        if (e != null && e.permanent) {
            callback.resolved(e.address, -1, null);
            return;
        }
        long now = System.nanoTime();
        if (e != null && e.waiting == null && e.expiresNanos - now > 0) {
            callback.resolved(e.address, 0, e.error);
            return;
        }
        if (e != null && e.waiting != null) {
            e.waiting.add(new Waiter(callback, now));
            return;
        }
        InetAddress known = url.literal() ? literal(url.address()) : hosts.lookup(url.host());
        if (known != null) {
            Entry fixed = new Entry();
            fixed.address = known;
            fixed.permanent = true;
            cache.put(url.host(), fixed);
            callback.resolved(known, -1, null);
            return;
        }
        if (dns == null) {
            callback.resolved(null, -1, BulkError.of(ErrorKind.DNS_ERROR, "no resolver to look up " + url.host()));
            return;
        }
        Entry pending = new Entry();
        pending.waiting = new ArrayList<>(2);
        pending.waiting.add(new Waiter(callback, now));
        cache.put(url.host(), pending);
        lookup(url.host(), DnsRecordType.A, pending);
    }

    private void lookup(String host, int type, Entry pending) {
        dns.query(new DnsQuestion(host, type), answer -> onAnswer(host, type, pending, answer));
    }

    private void onAnswer(String host, int type, Entry pending, DnsAnswer answer) {
        if (answer.error() == null && answer.rcode() == DnsRcode.NOERROR && answer.records().isEmpty()
                && type == DnsRecordType.A) {
            lookup(host, DnsRecordType.AAAA, pending); // a v6-only name
            return;
        }
        long now = System.nanoTime();
        if (answer.error() != null) {
            pending.error = answer.error();
            pending.expiresNanos = now; // a failed lookup is not cached: the next target may be luckier
        } else if (answer.rcode() == DnsRcode.NXDOMAIN) {
            pending.error = BulkError.of(ErrorKind.DNS_NXDOMAIN, host + " does not exist (NXDOMAIN)");
            pending.expiresNanos = now + NEGATIVE_TTL_NANOS;
        } else if (answer.records().isEmpty()) {
            pending.error = BulkError.of(ErrorKind.DNS_NO_ADDRESS, host + " has no A or AAAA record");
            pending.expiresNanos = now + NEGATIVE_TTL_NANOS;
        } else {
            byte[] address = IpLiteral.parse(answer.records().get(0).data());
            pending.address = address == null ? null : literal(address);
            if (pending.address == null) {
                pending.error = BulkError.of(ErrorKind.DNS_ERROR, "unusable address record for " + host);
            }
            pending.expiresNanos = now + Math.min(MAX_TTL_NANOS, TimeUnit.SECONDS.toNanos(Math.max(1, answer.minTtl())));
        }
        List<Waiter> waiters = pending.waiting;
        pending.waiting = null;
        for (Waiter w : waiters) {
            w.callback().resolved(pending.address, now - w.startNanos(), pending.error);
        }
    }

    private static InetAddress literal(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e); // 4 or 16 bytes always make an address
        }
    }
}
