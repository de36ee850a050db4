package dev.bulkfetch.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Streams lines from bytes: LF or CRLF terminated, strictly UTF-8, and at most a fixed length, so a
 * 1 MiB line of junk or a file without newlines costs bounded memory and still gives one line (with
 * a problem) instead of an exception.
 */
public final class LineReader implements AutoCloseable {
    /** Longer lines are cut and reported: no URL, name or address is anywhere near this long. */
    public static final int MAX_LINE = 64 * 1024;

    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private final byte[] line = new byte[MAX_LINE];
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    public LineReader(InputStream in) {
        this.in = in;
    }

    /** The next line and whether it was cut, or null at the end of input. */
    public InputLine next(long number) throws IOException {
        int len = 0;
        long total = 0;
        boolean any = false;
        int high = 0;
        while (true) {
            if (pos == limit) {
                if (eof || !fill()) {
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            byte b = buf[pos++];
            if (b == '\n') {
                break;
            }
            if (len < MAX_LINE) {
                line[len++] = b;
                high |= b;
            }
            total++;
        }
        if (len > 0 && line[len - 1] == '\r' && total == len) {
            len--;
        }
        if (total > MAX_LINE) {
            return new InputLine(number, new String(line, 0, 64, StandardCharsets.UTF_8) + "...",
                    "line longer than " + MAX_LINE + " bytes (" + total + ")");
        }
        if (high >= 0) {
            // no byte has its top bit set: ASCII, valid UTF-8 as it is, and a copy makes the string
            return new InputLine(number, new String(line, 0, len, StandardCharsets.ISO_8859_1), null);
        }
        try {
            CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(line, 0, len));
            return new InputLine(number, chars.toString(), null);
        } catch (CharacterCodingException e) {
            return new InputLine(number, new String(line, 0, len, StandardCharsets.UTF_8), "line is not valid UTF-8");
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            eof = true;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
