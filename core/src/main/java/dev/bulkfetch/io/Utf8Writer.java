package dev.bulkfetch.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * A buffered UTF-8 writer for result text. Each piece is encoded by {@link String#getBytes} (for the
 * all-ASCII text results nearly always are, a check and a copy, both vectorised) and copied into one
 * byte buffer, where a {@code BufferedWriter} over an {@code OutputStreamWriter} would copy the text
 * into chars and then encode them one by one. Surrogate pairs must arrive in one piece (results are
 * appended a whole record at a time); a lone surrogate becomes {@code ?}, as the JDK's encoder writes it.
 * Single-threaded, like the writer thread that owns it.
 */
final class Utf8Writer extends Writer {
    private final OutputStream out;
    private final byte[] buf;
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
        put(String.valueOf((char) c));
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        put(new String(cbuf, off, len));
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        put(s.substring(off, off + len));
    }

    @Override
    public Writer append(CharSequence csq) throws IOException {
        put(String.valueOf(csq));
        return this;
    }

    @Override
    public Writer append(CharSequence csq, int start, int end) throws IOException {
        put(String.valueOf(csq).substring(start, end));
        return this;
    }

    private void put(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > buf.length - pos) {
            drain();
            if (b.length > buf.length) {
                out.write(b);
                return;
            }
        }
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
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
