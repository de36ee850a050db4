package dev.bulkfetch.io;

import dev.bulkfetch.dns.CidrRange;
import dev.bulkfetch.dns.DnsName;
import dev.bulkfetch.dns.DnsQuestion;
import dev.bulkfetch.dns.DnsRecordType;
import dev.bulkfetch.dns.IpLiteral;
import dev.bulkfetch.dns.ReverseName;

import java.math.BigInteger;
import java.net.IDN;
import java.util.Iterator;

/**
 * Turns input lines into DNS questions, lazily: for {@code rdns} addresses, CIDR ranges (expanded
 * one address at a time) and ready-made reverse names; for {@code dns} host names of the chosen
 * type. Blank lines and {@code #} comments are skipped and counted; every other line yields at least
 * one target, an INVALID_INPUT one when it cannot be used.
 */
public final class DnsTargets extends LazyIterator<DnsTarget> implements TargetSource<DnsTarget> {
    private final TargetLines lines;
    private final boolean reverse;
    private final int type;
    private final BigInteger maxTargetsPerLine;
    private Iterator<byte[]> range;
    private InputLine rangeLine;

    private DnsTargets(Iterator<InputLine> lines, boolean reverse, int type, long maxTargetsPerLine) {
        this.lines = new TargetLines(lines);
        this.reverse = reverse;
        this.type = type;
        this.maxTargetsPerLine = BigInteger.valueOf(maxTargetsPerLine);
    }

    /** PTR questions for addresses, ranges and reverse names; ranges above the cap are refused. */
    public static DnsTargets reverse(Iterator<InputLine> lines, long maxTargetsPerRange) {
        return new DnsTargets(lines, true, DnsRecordType.PTR, maxTargetsPerRange);
    }

    /** Questions of one type for host names (an address asked for PTR becomes its reverse name). */
    public static DnsTargets forward(Iterator<InputLine> lines, int type) {
        return new DnsTargets(lines, false, type, 1);
    }

    /** Blank and comment lines passed over so far. */
    @Override
    public long skippedLines() {
        return lines.skipped();
    }

    @Override
    protected DnsTarget advance() {
        if (range != null) {
            if (range.hasNext()) {
                return new DnsTarget(rangeLine.number(), rangeLine.text().strip(),
                        new DnsQuestion(ReverseName.of(range.next()), type), null);
            }
            range = null;
        }
        InputLine line = lines.next();
        if (line == null) {
            return null;
        }
        if (line.problem() != null) {
            return DnsTarget.invalid(line.number(), line.text(), line.problem());
        }
        String text = line.text().strip();
        return reverse ? reverseTarget(line, text) : forwardTarget(line, text);
    }

    private DnsTarget reverseTarget(InputLine line, String text) {
        if (text.indexOf('/') >= 0) {
            CidrRange cidr;
            try {
                cidr = CidrRange.parse(text);
            } catch (IllegalArgumentException e) {
                return DnsTarget.invalid(line.number(), text, e.getMessage());
            }
            if (cidr.size().compareTo(maxTargetsPerLine) > 0) {
                return DnsTarget.invalid(line.number(), text, "range holds " + cidr.size()
                        + " addresses, more than --max-targets " + maxTargetsPerLine);
            }
            range = cidr.iterator();
            rangeLine = line;
            return advance();
        }
        byte[] address = IpLiteral.parse(text);
        if (address != null) {
            return new DnsTarget(line.number(), text, new DnsQuestion(ReverseName.of(address), type), null);
        }
        if (ReverseName.isReverseName(text)) {
            return nameTarget(line, text, text);
        }
        return DnsTarget.invalid(line.number(), text,
                "not an IP address, CIDR range or in-addr.arpa/ip6.arpa name");
    }

    private DnsTarget forwardTarget(InputLine line, String text) {
        byte[] address = IpLiteral.parse(text);
        if (address != null && type == DnsRecordType.PTR) {
            return new DnsTarget(line.number(), text, new DnsQuestion(ReverseName.of(address), type), null);
        }
        String ascii;
        try {
            // IDN names go out as punycode (RFC 3492), the only form a resolver understands
            ascii = IDN.toASCII(text, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return DnsTarget.invalid(line.number(), text, "not a valid domain name: " + e.getMessage());
        }
        return nameTarget(line, text, ascii);
    }

    private DnsTarget nameTarget(InputLine line, String text, String name) {
        if (name.indexOf(' ') >= 0 || name.indexOf('\t') >= 0) {
            return DnsTarget.invalid(line.number(), text, "a domain name has no spaces");
        }
        try {
            DnsName.toWire(name);
        } catch (IllegalArgumentException e) {
            return DnsTarget.invalid(line.number(), text, "not a valid domain name: " + e.getMessage());
        }
        return new DnsTarget(line.number(), text, new DnsQuestion(name, type), null);
    }
}
