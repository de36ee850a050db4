package dev.bulkfetch.testbed;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A deliberately tiny HTTP/1.1 client over a plain socket, so testbed tests check the bytes on the wire
 * without trusting Netty's (or any) HTTP client: it writes request bytes, parses heads with CRLF or bare LF,
 * de-chunks keeping the size lines and trailers, and decodes gzip and deflate with java.util.zip.
 */
final class HttpTestbedRawClient implements AutoCloseable {
    static final int READ_TIMEOUT_MILLIS = 2_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private String authority;
    /** Length of the last line read, line end included, for counting header bytes. */
    private int lastLineLength;

    private HttpTestbedRawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.authority = "127.0.0.1:" + socket.getPort();
    }

    static HttpTestbedRawClient connect(HttpTestbed testbed) {
        return connect(new InetSocketAddress("127.0.0.1", testbed.port()));
    }

    static HttpTestbedRawClient connect(InetSocketAddress address) {
        try {
            Socket socket = new Socket();
            socket.connect(address, READ_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            return new HttpTestbedRawClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One GET or HEAD exchange on a fresh connection, which is then closed. */
    static Response fetch(HttpTestbed testbed, String method, String path) throws IOException {
        try (HttpTestbedRawClient client = connect(testbed)) {
            client.send(method, path);
            return client.readResponse(method.equals("HEAD"));
        }
    }

    static Response get(HttpTestbed testbed, String path) throws IOException {
        return fetch(testbed, "GET", path);
    }

    /** One GET with {@code Host: host} on a fresh connection, which is then closed. */
    static Response get(HttpTestbed testbed, String host, String path) throws IOException {
        try (HttpTestbedRawClient client = connect(testbed).host(host)) {
            client.send("GET", path);
            return client.readResponse(false);
        }
    }

    /** The Host header of the requests this client sends from now on (default {@code 127.0.0.1:PORT}). */
    HttpTestbedRawClient host(String host) {
        this.authority = host;
        return this;
    }

    Socket socket() {
        return socket;
    }

    InputStream input() {
        return in;
    }

    /** Writes a request with a Host header and the given extra header lines ("Name: value"). */
    void send(String method, String path, String... headers) throws IOException {
        out.write(request(method, path, headers).getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    String request(String method, String path, String... headers) {
        StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        request.append("Host: ").append(authority).append("\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    void sendRaw(String bytes) throws IOException {
        out.write(bytes.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads only the status line and headers, leaving the body on the socket. */
    Head readHead() throws IOException {
        String statusLine = readLine();
        String[] parts = statusLine.split(" ", 3);
        List<String> lines = new ArrayList<>();
        long bytes = 0;
        String line;
        while (!(line = readLine()).isEmpty()) {
            lines.add(line);
            bytes += lastLineLength;
        }
        return new Head(statusLine, parts[0], Integer.parseInt(parts[1]), lines, bytes);
    }

    /** Reads one complete response, framed as its head says; 1xx responses are returned on their own. */
    Response readResponse(boolean head) throws IOException {
        Head parsed = readHead();
        List<String> chunkLines = new ArrayList<>();
        List<String> trailers = new ArrayList<>();
        byte[] body;
        int status = parsed.status();
        if (head || status / 100 == 1 || status == 204 || status == 304) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(parsed.header("Transfer-Encoding"))) {
            body = readChunked(chunkLines, trailers);
        } else if (parsed.header("Content-Length") != null) {
            body = readExactly(Integer.parseInt(parsed.header("Content-Length")));
        } else {
            body = in.readAllBytes();
        }
        return new Response(parsed, body, chunkLines, trailers);
    }

    byte[] readExactly(int count) throws IOException {
        byte[] bytes = in.readNBytes(count);
        if (bytes.length != count) {
            throw new EOFException("expected " + count + " bytes, got " + bytes.length);
        }
        return bytes;
    }

    /** An input stream over the de-chunked body, read lazily, for bodies too large to read whole. */
    InputStream chunkedBody() {
        return new InputStream() {
            private long left;
            private boolean done;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                if (done) {
                    return -1;
                }
                if (left == 0) {
                    left = chunkSize(readLine());
                    if (left == 0) {
                        done = true;
                        return -1;
                    }
                }
                int n = in.read(bytes, offset, (int) Math.min(length, left));
                if (n < 0) {
                    throw new EOFException("body ended inside a chunk");
                }
                left -= n;
                if (left == 0 && !readLine().isEmpty()) {
                    throw new IOException("chunk data not followed by CRLF");
                }
                return n;
            }
        };
    }

    private byte[] readChunked(List<String> chunkLines, List<String> trailers) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            chunkLines.add(sizeLine);
            int size = (int) chunkSize(sizeLine);
            if (size == 0) {
                break;
            }
            body.write(readExactly(size));
            if (!readLine().isEmpty()) {
                throw new IOException("chunk data not followed by CRLF");
            }
        }
        String trailer;
        while (!(trailer = readLine()).isEmpty()) {
            trailers.add(trailer);
        }
        return body.toByteArray();
    }

    private static long chunkSize(String sizeLine) {
        int end = sizeLine.indexOf(';');
        return Long.parseLong((end < 0 ? sizeLine : sizeLine.substring(0, end)).trim(), 16);
    }

    /** A line without its end, which may be CRLF or a bare LF. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int length = 0;
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed inside a line");
            }
            line.write(b);
            length++;
        }
        lastLineLength = length + 1;
        String text = line.toString(StandardCharsets.US_ASCII);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A status line and header lines; {@code headerBytes} counts the header lines with their line ends. */
    record Head(String statusLine, String version, int status, List<String> lines, long headerBytes) {
        String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String line : lines) {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    return line.substring(prefix.length()).trim();
                }
            }
            return null;
        }
    }

    /** A response: its head, its body after de-chunking, and the chunk-size lines and trailers seen. */
    record Response(Head head, byte[] body, List<String> chunkLines, List<String> trailers) {
        int status() {
            return head.status();
        }

        String header(String name) {
            return head.header(name);
        }

        /** The body after content decoding, as a client honouring Content-Encoding would see it. */
        byte[] decodedBody() throws IOException {
            return decode(body, header("Content-Encoding"));
        }

        String text() {
            return new String(body, StandardCharsets.US_ASCII);
        }
    }

    static byte[] decode(byte[] body, String coding) throws IOException {
        if (coding == null) {
            return body;
        }
        InputStream raw = new ByteArrayInputStream(body);
        return switch (coding) {
            // GZIPInputStream reads concatenated members as one stream, as RFC 1952 requires.
            case "gzip", "x-gzip" -> new GZIPInputStream(raw).readAllBytes();
            case "deflate" -> new InflaterInputStream(raw, new Inflater(!isZlib(body))).readAllBytes();
            default -> throw new IOException("unknown content coding " + coding);
        };
    }

    /** Tells a zlib stream from raw deflate by its header check, as browsers do for "deflate". */
    static boolean isZlib(byte[] body) {
        return body.length >= 2 && (body[0] & 0x0f) == 8 && (((body[0] & 0xff) << 8) | (body[1] & 0xff)) % 31 == 0;
    }
}
