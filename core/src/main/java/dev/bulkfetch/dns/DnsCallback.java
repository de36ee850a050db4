package dev.bulkfetch.dns;

/** Receives the answer to one question, on the engine's event loop. */
@FunctionalInterface
public interface DnsCallback {
    void onAnswer(DnsAnswer answer);
}
