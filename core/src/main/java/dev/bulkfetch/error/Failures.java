package dev.bulkfetch.error;

import io.netty.channel.ChannelException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.unix.Errors;
import io.netty.handler.codec.CodecException;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpContentException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Maps what Netty and the JDK throw during a fetch to a {@link BulkError}: the kind, the errno where
 * the OS gave one, and a short message.
 *
 * <p>The cause chain is walked from the outside in and the first exception that names a failure
 * decides; wrappers ({@link DecoderException}, {@link ChannelException}, {@link CompletionException},
 * {@link ExecutionException} and the like) are looked through. The same OS failure arrives in
 * different shapes per transport, and all of them land on the same kind and errno:
 *
 * <ul>
 *   <li>epoll, reads and writes: {@link Errors.NativeIoException} carrying the negative errno.</li>
 *   <li>epoll, connect: Netty 4.2 throws a plain {@link java.net.ConnectException} whose message is
 *       {@code "finishConnect(..) failed with error(-111): Connection refused"} (annotated by
 *       {@code AbstractChannel} with {@code ": /127.0.0.1:port"} and the original as cause), or a
 *       message-less {@link NoRouteToHostException} for both EHOSTUNREACH and ENETUNREACH; the errno
 *       is read back from that fixed Netty format.</li>
 *   <li>NIO: JDK exceptions whose message is the C library's {@code strerror} text ("Connection
 *       refused", "Connection reset", "Broken pipe"); only those known strings are mapped to an
 *       errno, and only when no native errno is in the chain.</li>
 * </ul>
 *
 * @see ErrorKind
 */
public final class Failures {

    /** Where the failure happened: the same exception means different things in different phases. */
    public enum Phase { CONNECT, TLS, WRITE, READ }

    // Linux errno values, written out because Netty's Errors.ERRNO_* constants are filled in from
    // JNI when that class initialises, which fails wherever the native transport did not load.
    static final int EPIPE = 32;
    static final int ENFILE = 23;
    static final int EMFILE = 24;
    static final int EADDRNOTAVAIL = 99;
    static final int ENETUNREACH = 101;
    static final int ECONNABORTED = 103;
    static final int ECONNRESET = 104;
    static final int ETIMEDOUT = 110;
    static final int ECONNREFUSED = 111;
    static final int EHOSTUNREACH = 113;

    /** Netty's rendering of a native error, e.g. {@code "connect(..) failed with error(-111): ..."}. */
    private static final Pattern NETTY_ERRNO = Pattern.compile("\\(\\.\\.\\) failed with error\\((-?\\d+)\\)");

    /** The strerror texts the JDK puts in NIO exceptions; nothing else is read as an errno. */
    private static final Map<String, Integer> KNOWN_TEXTS = Map.ofEntries(
            Map.entry("Connection refused", ECONNREFUSED),
            Map.entry("Connection timed out", ETIMEDOUT),
            Map.entry("No route to host", EHOSTUNREACH),
            Map.entry("Network is unreachable", ENETUNREACH),
            Map.entry("Connection reset", ECONNRESET),
            Map.entry("Connection reset by peer", ECONNRESET),
            Map.entry("Broken pipe", EPIPE),
            Map.entry("Software caused connection abort", ECONNABORTED),
            Map.entry("Too many open files", EMFILE),
            Map.entry("Too many open files in system", ENFILE),
            Map.entry("Cannot assign requested address", EADDRNOTAVAIL));

    /** Cause chains are short; the bound only guards against pathological self-made ones. */
    private static final int MAX_CHAIN = 32;
    private static final int MAX_MESSAGE = 240;

    private Failures() {
    }

    /**
     * The error a target records for {@code cause}.
     *
     * @param cause what the channel, future or handler reported; {@code null} gives an INTERNAL error
     * @param phase what the fetch was doing when it failed
     * @return the error, never {@code null}, with a one-line message and no stack trace
     */
    public static BulkError classify(Throwable cause, Phase phase) {
        Objects.requireNonNull(phase, "phase");
        if (cause == null) {
            return BulkError.of(ErrorKind.INTERNAL, "failure without an exception");
        }
        List<Throwable> chain = chain(cause);
        for (Throwable t : chain) {
            // Our own pieces already decided, wherever Netty's wrapping put their verdict.
            if (t instanceof FetchException fetch) {
                return fetch.error();
            }
        }
        boolean insideDecoder = false;
        for (int i = 0; i < chain.size(); i++) {
            BulkError error = classifyOne(chain, i, phase, insideDecoder);
            if (error != null) {
                return bounded(error);
            }
            insideDecoder |= chain.get(i) instanceof DecoderException;
        }
        Throwable named = firstNonWrapper(chain);
        if (insideDecoder) {
            // A decoder gave up on the peer's bytes for a reason none of the cases above name.
            return bounded(new BulkError(ErrorKind.MALFORMED_RESPONSE, 0, "malformed response: " + describe(named)));
        }
        return bounded(new BulkError(ErrorKind.INTERNAL, 0, describe(named)));
    }

    /**
     * True when {@code error} says the process or the system ran out of file descriptors (EMFILE, ENFILE): a
     * local shortage, not a fault of the target, which the HTTP engine waits out instead of recording.
     */
    public static boolean outOfDescriptors(BulkError error) {
        return error.errno() == EMFILE || error.errno() == ENFILE;
    }

    /** The error {@code chain.get(i)} names by itself, or {@code null} to look further in. */
    private static BulkError classifyOne(List<Throwable> chain, int i, Phase phase, boolean insideDecoder) {
        Throwable t = chain.get(i);
        // ConnectTimeoutException is a ConnectException: it must be seen before the generic IO cases.
        if (t instanceof ConnectTimeoutException) {
            return new BulkError(ErrorKind.CONNECT_TIMEOUT, ETIMEDOUT, "connect timed out");
        }
        if (t instanceof SocketTimeoutException) {
            return phase == Phase.CONNECT
                    ? new BulkError(ErrorKind.CONNECT_TIMEOUT, 0, "connect timed out")
                    : new BulkError(ErrorKind.READ_TIMEOUT, 0, "read timed out");
        }
        if (t instanceof ReadTimeoutException) {
            return new BulkError(ErrorKind.READ_TIMEOUT, 0, "read timed out");
        }
        // SSL exceptions are IOExceptions too; their text must not be read as a socket error.
        if (t instanceof NotSslRecordException) {
            return new BulkError(ErrorKind.TLS_HANDSHAKE, nativeErrno(chain, i),
                    "not an SSL/TLS record: the peer did not answer with TLS");
        }
        if (t instanceof SSLHandshakeException || (t instanceof SSLException && phase == Phase.TLS)) {
            return tls(chain, i);
        }
        if (t instanceof ClosedChannelException) {
            // Netty reports a close it learnt about after the fact this way; before the connect
            // completed it is our own close, which no kind names.
            return switch (phase) {
                case READ, WRITE -> new BulkError(ErrorKind.CONNECTION_RESET, 0, "connection closed by the peer");
                case TLS -> new BulkError(ErrorKind.TLS_HANDSHAKE, 0, "connection closed during the TLS handshake");
                case CONNECT -> null;
            };
        }
        if (t instanceof IOException) {
            BulkError socketError = socketError(chain, i, phase);
            if (socketError != null) {
                return socketError;
            }
        }
        // TooLongHttpContentException is HttpObjectAggregator's body limit, not a broken response.
        if (t instanceof TooLongHttpContentException) {
            return new BulkError(ErrorKind.BODY_TOO_LARGE, 0, "body too large: " + message(t));
        }
        if (t instanceof TooLongFrameException
                || t instanceof CorruptedFrameException
                || t instanceof PrematureChannelClosureException) {
            return new BulkError(ErrorKind.MALFORMED_RESPONSE, 0, "malformed response: " + message(t));
        }
        // Header validation throws IllegalArgumentException; while reading it is the peer's header,
        // elsewhere it is more likely our own bug and stays INTERNAL.
        if (t instanceof IllegalArgumentException && (phase == Phase.READ || insideDecoder)) {
            return new BulkError(ErrorKind.MALFORMED_RESPONSE, 0, "malformed response: " + message(t));
        }
        return null;
    }

    /** An OS-level socket failure, from a native errno when there is one, else from known JDK texts. */
    private static BulkError socketError(List<Throwable> chain, int i, Phase phase) {
        int errno = nativeErrno(chain, i);
        Throwable t = chain.get(i);
        if (errno > 0) {
            return fromErrno(errno, phase, t);
        }
        if (t instanceof NoRouteToHostException) {
            // epoll uses this class for ENETUNREACH as well, without a message to tell them apart.
            return fromErrno(EHOSTUNREACH, phase, t);
        }
        Integer known = knownText(t.getMessage());
        return known == null ? null : fromErrno(known, phase, t);
    }

    private static BulkError fromErrno(int errno, Phase phase, Throwable t) {
        return switch (errno) {
            case ECONNREFUSED -> new BulkError(ErrorKind.CONNECT_REFUSED, errno, "connection refused");
            case ETIMEDOUT -> phase == Phase.CONNECT
                    ? new BulkError(ErrorKind.CONNECT_TIMEOUT, errno, "connect timed out")
                    // After connect, ETIMEDOUT is TCP giving up on retransmissions or keepalives.
                    : new BulkError(ErrorKind.READ_TIMEOUT, errno, "connection timed out");
            case EHOSTUNREACH -> new BulkError(ErrorKind.NO_ROUTE, errno, "no route to host");
            case ENETUNREACH -> new BulkError(ErrorKind.NET_UNREACHABLE, errno, "network is unreachable");
            case ECONNRESET -> new BulkError(ErrorKind.CONNECTION_RESET, errno, "connection reset by peer");
            case EPIPE -> new BulkError(ErrorKind.CONNECTION_RESET, errno, "broken pipe: the peer closed the connection");
            case ECONNABORTED -> new BulkError(ErrorKind.CONNECTION_RESET, errno, "connection aborted");
            case EMFILE, ENFILE -> new BulkError(ErrorKind.INTERNAL, errno, "out of file descriptors");
            case EADDRNOTAVAIL -> new BulkError(ErrorKind.INTERNAL, errno,
                    "no local address available (ephemeral ports exhausted?)");
            default -> new BulkError(ErrorKind.INTERNAL, errno, describe(t));
        };
    }

    /** A TLS failure, worded after the most specific cause: the certificate problem when there is one. */
    private static BulkError tls(List<Throwable> chain, int i) {
        int errno = nativeErrno(chain, i);
        for (int j = i; j < chain.size(); j++) {
            Throwable t = chain.get(j);
            if (t instanceof CertificateException
                    || t instanceof CertPathValidatorException
                    || t instanceof CertPathBuilderException) {
                return new BulkError(ErrorKind.TLS_HANDSHAKE, errno,
                        "certificate verify failed: " + deepestMessage(chain, j) + validationReason(chain, j));
            }
        }
        return new BulkError(ErrorKind.TLS_HANDSHAKE, errno, "TLS handshake failed: " + deepestMessage(chain, i));
    }

    /** The validator's reason, e.g. " (expired)", which the messages do not always say. */
    private static String validationReason(List<Throwable> chain, int from) {
        for (int j = from; j < chain.size(); j++) {
            if (chain.get(j) instanceof CertPathValidatorException v
                    && v.getReason() != CertPathValidatorException.BasicReason.UNSPECIFIED) {
                return " (" + v.getReason().toString().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
            }
        }
        return "";
    }

    /** The errno of a native exception at or below {@code from}, or 0. */
    private static int nativeErrno(List<Throwable> chain, int from) {
        for (int j = from; j < chain.size(); j++) {
            Throwable t = chain.get(j);
            if (t instanceof Errors.NativeIoException n) {
                return Math.abs(n.expectedErr());
            }
            // epoll's connect errors are plain ConnectExceptions that keep the errno only in the text.
            if (t instanceof IOException && t.getMessage() != null) {
                Matcher m = NETTY_ERRNO.matcher(t.getMessage());
                if (m.find()) {
                    try {
                        return Math.abs(Integer.parseInt(m.group(1)));
                    } catch (NumberFormatException tooLong) {
                        return 0;
                    }
                }
            }
        }
        return 0;
    }

    /**
     * The errno for a known strerror text: the whole message, or the text followed by Netty's
     * {@code ": /address"} annotation or the older JDK's {@code " (Write failed)"} suffix.
     */
    private static Integer knownText(String message) {
        if (message == null) {
            return null;
        }
        Integer exact = KNOWN_TEXTS.get(message);
        if (exact != null) {
            return exact;
        }
        int end = message.length();
        int colon = message.indexOf(": ");
        int paren = message.indexOf(" (");
        if (colon > 0) {
            end = colon;
        }
        if (paren > 0 && paren < end) {
            end = paren;
        }
        return KNOWN_TEXTS.get(message.substring(0, end));
    }

    /** The cause chain, outermost first, each exception once. */
    private static List<Throwable> chain(Throwable cause) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = cause; t != null && chain.size() < MAX_CHAIN && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** Exceptions that only carry another one: their own name says nothing about the failure. */
    private static boolean isWrapper(Throwable t) {
        return t.getCause() != null
                && (t instanceof CodecException
                    || t instanceof ChannelException
                    || t instanceof CompletionException
                    || t instanceof ExecutionException
                    || t instanceof InvocationTargetException
                    || t instanceof UncheckedIOException);
    }

    private static Throwable firstNonWrapper(List<Throwable> chain) {
        for (Throwable t : chain) {
            if (!isWrapper(t)) {
                return t;
            }
        }
        return chain.get(chain.size() - 1);
    }

    /** The message of the innermost exception at or below {@code from} that has one. */
    private static String deepestMessage(List<Throwable> chain, int from) {
        for (int j = chain.size() - 1; j >= from; j--) {
            String m = chain.get(j).getMessage();
            if (m != null && !m.isBlank()) {
                return oneLine(m);
            }
        }
        return describe(chain.get(from));
    }

    private static String describe(Throwable t) {
        String name = t.getClass().getSimpleName();
        if (name.isEmpty()) {
            name = t.getClass().getName();
        }
        return name + ": " + message(t);
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? "(no message)" : oneLine(m);
    }

    /** The error with its whole message, prefix included, cut to one bounded line. */
    private static BulkError bounded(BulkError error) {
        String line = oneLine(error.message());
        return line.equals(error.message()) ? error : new BulkError(error.kind(), error.errno(), line);
    }

    /** One line, bounded: messages such as NotSslRecordException's carry whole hex dumps. */
    private static String oneLine(String message) {
        String line = message.strip().replaceAll("\\s+", " ");
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE - 3) + "...";
    }
}
