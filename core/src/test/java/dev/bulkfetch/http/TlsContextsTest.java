package dev.bulkfetch.http;

import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The server name each connection's TLS engine is set to send, read from the engine before any handshake: the
 * cases a loopback server cannot show ({@link HttpEngineTlsTest} sends the others to one), an IPv6 literal and
 * names the JDK cannot put into SNI.
 */
class TlsContextsTest {
    /** {@code --insecure}, so no trust store is loaded: only the SNI settings are under test. */
    private static final TlsContexts TLS = new TlsContexts(true, null);

    @Test
    void hostNameWithoutADotIsTheServerName() {
        assertEquals(List.of(new SNIHostName("localhost")), serverNames("https://localhost:8443/"));
    }

    @Test
    void trailingDotOfAnAbsoluteNameIsLeftOutOfTheServerName() {
        // RFC 6066 section 3: the host name goes "without a trailing dot"
        assertEquals(List.of(new SNIHostName("www.example.test")), serverNames("https://www.example.test./"));
    }

    @Test
    void ipLiteralsGetNoServerName() {
        assertEquals(List.of(), serverNames("https://192.0.2.1/"));
        assertEquals(List.of(), serverNames("https://[2001:db8::1]:8443/"));
    }

    @Test
    void nameTheJdkCannotPutIntoSniGoesOutWithoutOneInsteadOfFailing() {
        // URLs may hold '_' (service and CDN names); javax.net.ssl.SNIHostName refuses it
        assertEquals(List.of(), serverNames("https://under_score.example.test/"));
    }

    private static List<SNIServerName> serverNames(String url) {
        List<SNIServerName> names = TLS.newHandler(UnpooledByteBufAllocator.DEFAULT, HttpUrl.parse(url), 1000)
                .engine().getSSLParameters().getServerNames();
        return names == null ? List.of() : names;
    }
}
