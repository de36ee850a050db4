package dev.bulkfetch.dns;

import java.util.Locale;
import java.util.Map;

/** DNS record type codes and their mnemonics, for the types bulkfetch queries and prints. */
public final class DnsRecordType {
    public static final int A = 1;
    public static final int NS = 2;
    public static final int CNAME = 5;
    public static final int SOA = 6;
    public static final int PTR = 12;
    public static final int MX = 15;
    public static final int TXT = 16;
    public static final int AAAA = 28;
    public static final int SRV = 33;
    public static final int OPT = 41;
    public static final int ANY = 255;
    public static final int CAA = 257;

    private static final Map<String, Integer> BY_NAME = Map.ofEntries(
            Map.entry("A", A), Map.entry("NS", NS), Map.entry("CNAME", CNAME), Map.entry("SOA", SOA),
            Map.entry("PTR", PTR), Map.entry("MX", MX), Map.entry("TXT", TXT), Map.entry("AAAA", AAAA),
            Map.entry("SRV", SRV), Map.entry("ANY", ANY), Map.entry("CAA", CAA));

    /** mnemonic by code, for the codes that have one: looked up for every record written */
    private static final String[] BY_CODE = new String[CAA + 1];

    static {
        BY_NAME.forEach((name, code) -> BY_CODE[code] = name);
    }

    private DnsRecordType() {
    }

    /** The mnemonic of a type code, or {@code TYPEnnn} (RFC 3597) for codes without one. */
    public static String name(int type) {
        String name = type >= 0 && type < BY_CODE.length ? BY_CODE[type] : null;
        return name != null ? name : "TYPE" + type;
    }

    /**
     * Parses a mnemonic ({@code aaaa}), or {@code TYPEnnn}.
     *
     * @throws IllegalArgumentException naming the accepted types when the text is none of them
     */
    public static int parse(String text) {
        String upper = text.trim().toUpperCase(Locale.ROOT);
        Integer code = BY_NAME.get(upper);
        if (code != null) {
            return code;
        }
        if (upper.startsWith("TYPE")) {
            try {
                int value = Integer.parseInt(upper.substring(4));
                if (value > 0 && value <= 0xFFFF) {
                    return value;
                }
            } catch (NumberFormatException ignored) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException("unknown record type '" + text
                + "' (expected one of A, AAAA, CNAME, MX, NS, TXT, SOA, SRV, PTR, CAA, ANY or TYPEnnn)");
    }
}
