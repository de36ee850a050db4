package dev.bulkfetch.dns;

/**
 * How many queries may be in flight now: grows while replies come back clean and halves on a
 * timeout, between a floor and the configured ceiling. Thousands of queries in flight overflow
 * socket buffers on the way (measured: tens of thousands of drops at 10,000 in flight against a
 * loopback server) and every drop costs a full retransmit timeout, so the window follows the loss.
 */
final class DnsWindow {
    private final int floor;
    private final int ceiling;
    private double size;
    private boolean slowStart = true;
    private long lastDecreaseNanos;
    private long decreaseSpacingNanos;

    DnsWindow(int initial, int ceiling, long timeoutNanos) {
        this.ceiling = Math.max(1, ceiling);
        this.floor = Math.min(this.ceiling, 8);
        this.size = Math.max(floor, Math.min(initial, this.ceiling));
        this.decreaseSpacingNanos = timeoutNanos;
        this.lastDecreaseNanos = System.nanoTime() - timeoutNanos;
    }

    int size() {
        return (int) size;
    }

    void onReply() {
        if (size >= ceiling) {
            return;
        }
        // slow start doubles per round trip; afterwards one more query per window's worth of replies
        size = Math.min(ceiling, size + (slowStart ? 1.0 : 1.0 / size));
    }

    /** A timeout: halve, but once per timeout period, since one loss episode times out many queries. */
    void onTimeout(long nowNanos) {
        slowStart = false;
        if (nowNanos - lastDecreaseNanos >= decreaseSpacingNanos) {
            size = Math.max(floor, size / 2);
            lastDecreaseNanos = nowNanos;
        }
    }
}
