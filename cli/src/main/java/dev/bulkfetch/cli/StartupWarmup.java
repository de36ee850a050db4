package dev.bulkfetch.cli;

import dev.bulkfetch.loop.Transport;

import java.util.Locale;

/**
 * Initializes, on a side thread, the classes every run needs after its command line is parsed: the
 * native transport (its library, Netty's platform probes and logging) and the number formatting of
 * the summary. Parsing the command line keeps the main thread busy for ~100 ms of reflection while
 * the machine's other cores sit idle; class initialization is thread-safe, so a run that gets there
 * first simply waits for the warm-up to finish that class.
 */
final class StartupWarmup {
    private StartupWarmup() {
    }

    static void begin() {
        Thread t = new Thread(StartupWarmup::run, "bulkfetch-warmup");
        t.setDaemon(true);
        t.start();
    }

    private static void run() {
        Transport.best();
        String.format(Locale.ROOT, "%,d %.2f", 1L, 1.0);
    }
}
