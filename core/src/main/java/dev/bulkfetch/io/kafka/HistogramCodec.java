package dev.bulkfetch.io.kafka;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The messages of the histograms topic: the key is the worker id, the value HdrHistogram's compressed
 * encoding ({@link Histogram#encodeIntoCompressedByteBuffer}), and headers say which phase, worker,
 * interval and kind of run it is. Reading treats every byte as untrusted: a value is decoded only
 * after its header has been checked to describe a histogram of bounded size (a forged header could
 * otherwise make HdrHistogram allocate gigabytes), and whatever is wrong ends as a
 * {@link MalformedHistogramException}, never as another exception.
 */
public final class HistogramCodec {
    /** Header with the phase name. */
    public static final String PHASE_HEADER = "bulkfetch-phase";
    /** Header with the worker id (also the key). */
    public static final String WORKER_HEADER = "bulkfetch-worker";
    /** Header with the interval's start, epoch milliseconds in decimal. */
    public static final String START_HEADER = "bulkfetch-interval-start-ms";
    /** Header with the interval's end, epoch milliseconds in decimal. */
    public static final String END_HEADER = "bulkfetch-interval-end-ms";
    /** Header with the kind of run: {@code http} or {@code dns}. */
    public static final String KIND_HEADER = "bulkfetch-kind";

    /** The kinds of run a worker reports. */
    public static final Set<String> KINDS = Set.of("http", "dns");

    /** A larger value is refused before it is read (a one-hour, 3-digit histogram compresses to a few KiB). */
    static final int MAX_VALUE_BYTES = 1 << 20;
    /** Largest counts array a decoded histogram may need (bulkfetch's phases need ~23,500). */
    static final long MAX_COUNTS = 1 << 18;
    private static final int MAX_NAME = 200;
    private static final Pattern PHASE = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");
    /** Size of the uncompressed header of the V2 encoding: cookie, payload length, offset, digits, range, ratio. */
    private static final int HEADER_BYTES = 40;

    /** The cookies this version of HdrHistogram writes, learnt from a histogram encoded here. */
    static final int COMPRESSED_COOKIE;
    static final int PLAIN_COOKIE;

    static {
        byte[] sample = encode(new Histogram(1, 2, 0));
        COMPRESSED_COOKIE = ByteBuffer.wrap(sample).getInt(0);
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(sample, 8, sample.length - 8);
            byte[] header = new byte[HEADER_BYTES];
            inflater.inflate(header);
            PLAIN_COOKIE = ByteBuffer.wrap(header).getInt(0);
        } catch (DataFormatException e) {
            throw new ExceptionInInitializerError(e);
        } finally {
            inflater.end();
        }
    }

    private HistogramCodec() {
    }

    /** The message of one phase of one interval, keyed by its worker. */
    public static ProducerRecord<byte[], byte[]> record(String topic, HistogramMessage m) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(header(PHASE_HEADER, m.phase()));
        headers.add(header(WORKER_HEADER, m.worker()));
        headers.add(header(START_HEADER, Long.toString(m.startEpochMs())));
        headers.add(header(END_HEADER, Long.toString(m.endEpochMs())));
        headers.add(header(KIND_HEADER, m.kind()));
        return new ProducerRecord<>(topic, null, m.worker().getBytes(StandardCharsets.UTF_8), encode(m.histogram()),
                headers);
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** HdrHistogram's compressed encoding of a histogram, as its log writer makes it. */
    public static byte[] encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(buf, Deflater.DEFAULT_COMPRESSION);
        return Arrays.copyOf(buf.array(), n);
    }

    /**
     * A message read back: the histogram tagged with its phase and stamped with the interval.
     *
     * @throws MalformedHistogramException saying what is wrong, for anything bulkfetch did not write
     */
    public static HistogramMessage decode(byte[] key, byte[] value, Headers headers) throws MalformedHistogramException {
        String worker = text(WORKER_HEADER, headers);
        if (key != null && !worker.equals(utf8(key, "key"))) {
            throw new MalformedHistogramException("its key is not its worker header");
        }
        String kind = text(KIND_HEADER, headers);
        if (!KINDS.contains(kind)) {
            throw new MalformedHistogramException("kind '" + kind + "' is neither http nor dns");
        }
        String phase = text(PHASE_HEADER, headers);
        if (!PHASE.matcher(phase).matches()) {
            throw new MalformedHistogramException("'" + phase + "' is not a phase name");
        }
        long start = millis(START_HEADER, headers);
        long end = millis(END_HEADER, headers);
        if (end < start) {
            throw new MalformedHistogramException("its interval ends before it starts");
        }
        Histogram h = decodeHistogram(value);
        h.setTag(phase);
        h.setStartTimeStamp(start);
        h.setEndTimeStamp(end);
        return new HistogramMessage(worker, kind, phase, start, end, h);
    }

    /**
     * A histogram from HdrHistogram's compressed encoding, of bytes from anywhere, as a
     * {@link PackedHistogram} (its memory grows with the values it holds, not with its range).
     *
     * @throws MalformedHistogramException when they are not such an encoding, or describe a histogram
     *                                     too large for a bulkfetch phase
     */
    public static Histogram decodeHistogram(byte[] value) throws MalformedHistogramException {
        if (value == null) {
            throw new MalformedHistogramException("it has no value");
        }
        if (value.length < 8 + 2) {
            throw new MalformedHistogramException("its value is too short for a histogram (" + value.length + " bytes)");
        }
        if (value.length > MAX_VALUE_BYTES) {
            throw new MalformedHistogramException("its value is larger than " + MAX_VALUE_BYTES + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(value);
        if (b.getInt(0) != COMPRESSED_COOKIE) {
            throw new MalformedHistogramException("its value is not HdrHistogram's compressed encoding");
        }
        int length = b.getInt(4);
        if (length != value.length - 8) {
            throw new MalformedHistogramException("its value says " + length + " compressed bytes follow, "
                    + (value.length - 8) + " do");
        }
        checkHeader(inflateHeader(value));
        Histogram h;
        try {
            // packed: a few KiB for the values it holds, not the full counts array of its range
            h = PackedHistogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(value), 0);
        } catch (DataFormatException | RuntimeException e) {
            throw new MalformedHistogramException("its value is not a readable histogram (" + e + ")");
        }
        if (h.getTotalCount() < 0) {
            throw new MalformedHistogramException("its histogram has a negative count");
        }
        return h;
    }

    private static ByteBuffer inflateHeader(byte[] value) throws MalformedHistogramException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(value, 8, value.length - 8);
            byte[] header = new byte[HEADER_BYTES];
            int n = inflater.inflate(header);
            if (n < HEADER_BYTES) {
                throw new MalformedHistogramException("its histogram header is cut short");
            }
            return ByteBuffer.wrap(header);
        } catch (DataFormatException e) {
            throw new MalformedHistogramException("its value does not inflate (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
    }

    /** Checks that the header describes a histogram HdrHistogram can build in bounded memory. */
    private static void checkHeader(ByteBuffer header) throws MalformedHistogramException {
        if (header.getInt(0) != PLAIN_COOKIE) {
            throw new MalformedHistogramException("its histogram header has an unknown cookie");
        }
        int digits = header.getInt(12);
        long lowest = header.getLong(16);
        long highest = header.getLong(24);
        if (digits < 0 || digits > 5) {
            throw new MalformedHistogramException("its histogram claims " + digits + " significant digits");
        }
        if (lowest < 1 || lowest > Long.MAX_VALUE / 4 || highest < 2 * lowest) {
            throw new MalformedHistogramException("its histogram claims the range " + lowest + ".." + highest);
        }
        if (countsLength(lowest, highest, digits) > MAX_COUNTS) {
            throw new MalformedHistogramException("its histogram would need more than " + MAX_COUNTS + " counts");
        }
    }

    /** How many counts HdrHistogram allocates for such a histogram (its own arithmetic, in longs). */
    static long countsLength(long lowest, long highest, int digits) {
        long largestSingleUnit = 2 * (long) Math.pow(10, digits);
        int unitMagnitude = 63 - Long.numberOfLeadingZeros(lowest);
        int subBucketCountMagnitude = 64 - Long.numberOfLeadingZeros(largestSingleUnit - 1);
        int halfMagnitude = Math.max(subBucketCountMagnitude, 1) - 1;
        if (unitMagnitude + halfMagnitude > 61) {
            return Long.MAX_VALUE;
        }
        long subBucketCount = 1L << (halfMagnitude + 1);
        long smallestUntrackable = subBucketCount << unitMagnitude;
        long buckets = 1;
        while (smallestUntrackable <= highest) {
            if (smallestUntrackable > Long.MAX_VALUE / 2) {
                buckets++;
                break;
            }
            smallestUntrackable <<= 1;
            buckets++;
        }
        return (buckets + 1) * (subBucketCount / 2);
    }

    private static String text(String name, Headers headers) throws MalformedHistogramException {
        Header h = headers == null ? null : headers.lastHeader(name);
        if (h == null || h.value() == null) {
            throw new MalformedHistogramException("it has no " + name + " header");
        }
        return utf8(h.value(), name);
    }

    private static String utf8(byte[] bytes, String what) throws MalformedHistogramException {
        if (bytes.length == 0 || bytes.length > MAX_NAME) {
            throw new MalformedHistogramException("its " + what + " is empty or longer than " + MAX_NAME + " bytes");
        }
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedHistogramException("its " + what + " is not UTF-8");
        }
        if (s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new MalformedHistogramException("its " + what + " holds control characters");
        }
        return s;
    }

    private static long millis(String name, Headers headers) throws MalformedHistogramException {
        String s = text(name, headers);
        if (s.length() > 15 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MalformedHistogramException("its " + name + " header is not a time in epoch milliseconds");
        }
        return Long.parseLong(s);
    }
}
