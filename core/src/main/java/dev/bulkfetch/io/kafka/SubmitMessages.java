package dev.bulkfetch.io.kafka;

import dev.bulkfetch.dns.CidrRange;
import dev.bulkfetch.io.InputLine;
import dev.bulkfetch.io.LazyIterator;
import dev.bulkfetch.io.TargetLines;

import java.math.BigInteger;
import java.util.Iterator;

/**
 * The messages of a submit, made from input lines as they are read: one per line, except that an
 * {@code rdns} CIDR range larger than a block becomes one message per block (a /8 in /20 blocks is
 * 4,096 messages), so that no message holds a million targets and a range spreads over the workers.
 * Blocks are cut lazily, so any range costs constant memory. Blank lines and {@code #} comments are
 * skipped and counted, as in a local run; every other line is sent, a line that is no target too, as
 * it is: the worker turns it into the INVALID_INPUT record a local run would write for it.
 */
public final class SubmitMessages extends LazyIterator<SubmitMessage> {
    /** The default block: /20 (4,096 addresses) for IPv4, and the IPv6 prefix of as many addresses. */
    public static final int DEFAULT_BLOCK_PREFIX = 20;
    /**
     * Ranges holding more addresses than this (all of IPv4) are sent as they are, not cut: an IPv6 /64
     * would be 2^52 blocks. The worker refuses them as {@code rdns --max-targets} does.
     */
    static final BigInteger MAX_SPLIT_ADDRESSES = BigInteger.ONE.shiftLeft(32);

    private final TargetLines lines;
    private final SubmitKind kind;
    private final int blockPrefix4;
    private final MessageKeys keys;
    private Iterator<CidrRange> blocks;
    private long blockLine;

    /**
     * @param blockPrefix4 the IPv4 block prefix (1..32); IPv6 blocks hold as many addresses
     *                     ({@code 128 - (32 - blockPrefix4)}: /20 gives /116)
     */
    public SubmitMessages(Iterator<InputLine> lines, SubmitKind kind, int blockPrefix4) {
        if (blockPrefix4 < 1 || blockPrefix4 > 32) {
            throw new IllegalArgumentException("the block prefix must be 1..32");
        }
        this.lines = new TargetLines(lines);
        this.kind = kind;
        this.blockPrefix4 = blockPrefix4;
        this.keys = new MessageKeys(kind);
    }

    /** The IPv6 prefix of a block as large as an IPv4 block of blockPrefix4. */
    public static int blockPrefix6(int blockPrefix4) {
        return 128 - (32 - blockPrefix4);
    }

    /** Blank and comment lines passed over so far. */
    public long skippedLines() {
        return lines.skipped();
    }

    @Override
    protected SubmitMessage advance() {
        if (blocks != null) {
            if (blocks.hasNext()) {
                String block = blocks.next().toString();
                return new SubmitMessage(MessageKeys.hash(block), block, blockLine, null);
            }
            blocks = null;
        }
        InputLine line = lines.next();
        if (line == null) {
            return null;
        }
        if (line.problem() == null && kind == SubmitKind.RDNS) {
            CidrRange range = splittable(line.text().strip());
            int prefix = range == null ? 0 : range.network().length == 4 ? blockPrefix4 : blockPrefix6(blockPrefix4);
            if (range != null && range.blockCount(prefix).compareTo(BigInteger.ONE) > 0) {
                blocks = range.blocks(prefix);
                blockLine = line.number();
                return advance();
            }
        }
        return new SubmitMessage(keys.of(line.text()), line.text(), line.number(), line.problem());
    }

    /** The range of a line that may be cut into blocks, or null (not a range, a bad one, or too large). */
    private static CidrRange splittable(String text) {
        if (text.indexOf('/') < 0) {
            return null;
        }
        try {
            CidrRange range = CidrRange.parse(text);
            return range.size().compareTo(MAX_SPLIT_ADDRESSES) <= 0 ? range : null;
        } catch (IllegalArgumentException e) {
            return null; // sent as it is: the worker says what is wrong with it
        }
    }
}
