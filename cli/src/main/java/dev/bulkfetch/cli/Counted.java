package dev.bulkfetch.cli;

import java.util.Locale;

/**
 * A count for people, as every summary line writes it: thousands grouped and the noun in the number
 * the count takes ({@code 1 lookup}, {@code 2,011 lookups}), so that no line says {@code 1 lookups}
 * next to another that says {@code 2011 URLs}.
 */
final class Counted {
    private Counted() {
    }

    /** {@code n} and the noun, plural by adding an s ({@code target}, {@code URL}). */
    static String of(long n, String noun) {
        return of(n, noun, noun + "s");
    }

    /** {@code n} and the noun, with an irregular plural ({@code fetch}, {@code fetches}). */
    static String of(long n, String one, String many) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
    }
}
