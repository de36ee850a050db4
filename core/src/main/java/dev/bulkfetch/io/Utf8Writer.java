package dev.bulkfetch.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/**
 * A buffered UTF-8 writer for result text, encoding straight from the caller's characters into one
 * byte buffer: no {@code String} per piece, no encoded copy of it (a {@code BufferedWriter} over an
 * {@code OutputStreamWriter} copies into chars and encodes through a {@code CharsetEncoder}; {@code
 * String.getBytes} allocates two arrays per record, a fifth of a crawl's garbage and so of its GC
 * pauses). ASCII, nearly all result text, takes a tight loop over a reused char array. Surrogate pairs
 * must arrive in one piece (results are appended a whole record at a time); a lone surrogate becomes
 * {@code ?}, as the JDK's encoder writes it. Single-threaded, like the writer thread that owns it.
 */
final class Utf8Writer extends Writer {
    /** Characters copied out of a piece at a time; a longer piece goes in several rounds. */
    private static final int CHUNK = 8192;
    private final OutputStream out;
    private final byte[] buf;
    private final byte[] codePoint = new byte[4];
    private char[] chars = new char[512];
    private int pos;

    Utf8Writer(OutputStream out, int bufferBytes) {
        if (bufferBytes < 1) {
            throw new IllegalArgumentException("buffer of " + bufferBytes + " bytes");
        }
        this.out = out;
        this.buf = new byte[bufferBytes];
    }

    @Override
    public void write(int c) throws IOException {
        char[] one = {(char) c};
        encode(one, 0, 1);
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, cbuf.length);
        encode(cbuf, off, off + len);
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, s.length());
        encode(s, off, off + len);
    }

    @Override
    public Writer append(CharSequence csq) throws IOException {
        CharSequence s = csq == null ? "null" : csq;
        encode(s, 0, s.length());
        return this;
    }

    @Override
    public Writer append(CharSequence csq, int start, int end) throws IOException {
        CharSequence s = csq == null ? "null" : csq;
        java.util.Objects.checkFromToIndex(start, end, s.length());
        encode(s, start, end);
        return this;
    }

    private void encode(CharSequence s, int start, int end) throws IOException {
        while (start < end) {
            int n = Math.min(end - start, CHUNK);
            if (start + n < end && Character.isHighSurrogate(s.charAt(start + n - 1))) {
                n--; // the pair goes whole into the next round
            }
            if (chars.length < n) {
                chars = new char[Math.max(n, Math.min(CHUNK, chars.length * 2))];
            }
            copy(s, start, start + n, chars);
            encode(chars, 0, n);
            start += n;
        }
    }

    private static void copy(CharSequence s, int start, int end, char[] dst) {
        if (s instanceof String str) {
            str.getChars(start, end, dst, 0);
        } else if (s instanceof StringBuilder sb) {
            sb.getChars(start, end, dst, 0);
        } else {
            for (int i = start; i < end; i++) {
                dst[i - start] = s.charAt(i);
            }
        }
    }

    private void encode(char[] c, int i, int end) throws IOException {
        byte[] b = buf;
        while (i < end) {
            if (pos == b.length) {
                drain();
            }
            int stop = Math.min(end, i + (b.length - pos));
            int p = pos;
            while (i < stop) {
                char ch = c[i];
                if (ch >= 0x80) {
                    break;
                }
                b[p++] = (byte) ch;
                i++;
            }
            pos = p;
            if (i < stop) {
                i = encodeOne(c, i, end);
            }
        }
    }

    /** Writes the code point at {@code c[i]} (two chars for a pair) and returns the index after it. */
    private int encodeOne(char[] c, int i, int end) throws IOException {
        char ch = c[i];
        byte[] cp = codePoint;
        int len;
        int next = i + 1;
        if (ch < 0x800) {
            cp[0] = (byte) (0xC0 | ch >> 6);
            cp[1] = (byte) (0x80 | ch & 0x3F);
            len = 2;
        } else if (!Character.isSurrogate(ch)) {
            cp[0] = (byte) (0xE0 | ch >> 12);
            cp[1] = (byte) (0x80 | ch >> 6 & 0x3F);
            cp[2] = (byte) (0x80 | ch & 0x3F);
            len = 3;
        } else if (Character.isHighSurrogate(ch) && next < end && Character.isLowSurrogate(c[next])) {
            int v = Character.toCodePoint(ch, c[next]);
            next++;
            cp[0] = (byte) (0xF0 | v >> 18);
            cp[1] = (byte) (0x80 | v >> 12 & 0x3F);
            cp[2] = (byte) (0x80 | v >> 6 & 0x3F);
            cp[3] = (byte) (0x80 | v & 0x3F);
            len = 4;
        } else {
            cp[0] = '?';
            len = 1;
        }
        for (int k = 0; k < len; k++) {
            if (pos == buf.length) {
                drain();
            }
            buf[pos++] = cp[k];
        }
        return next;
    }

    private void drain() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            pos = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            out.close();
        }
    }
}
