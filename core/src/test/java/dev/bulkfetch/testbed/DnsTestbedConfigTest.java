package dev.bulkfetch.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** The config's defaults and the messages of its validation. */
class DnsTestbedConfigTest {

    @Test
    void defaultsAreLoopbackEphemeralPortAndNoFaults() {
        DnsTestbedConfig config = DnsTestbedConfig.defaults();

        assertEquals("127.0.0.1", config.host());
        assertEquals(InetAddress.getLoopbackAddress(), config.hostAddress());
        assertEquals(0, config.port());
        assertEquals("bulkfetch.test", config.zone());
        assertEquals(0.0, config.nxdomainShare());
        assertEquals(0.0, config.servfailShare());
        assertEquals(0.0, config.dropShare());
        assertEquals(0.0, config.truncateShare());
        assertEquals(1L, config.seed());
        assertEquals(300, config.ttl());
        assertEquals(4 * 1024 * 1024, config.udpReceiveBufferBytes());
        assertEquals(1, config.eventLoopThreads());
        assertEquals(Duration.ofSeconds(10), config.tcpIdleTimeout());
    }

    @Test
    void zoneIsLowerCasedWithoutTrailingDot() {
        assertEquals("lab.example", DnsTestbedConfig.builder().zone("Lab.EXAMPLE.").build().zone());
    }

    @Test
    void toBuilderKeepsEveryValue() {
        DnsTestbedConfig config = DnsTestbedConfig.builder().host("::1").port(5353).zone("z.test").nxdomainShare(0.1)
                .servfailShare(0.2).dropShare(0.3).truncateShare(0.4).seed(9).ttl(60).udpReceiveBufferBytes(1 << 16)
                .eventLoopThreads(3).tcpIdleTimeout(Duration.ofSeconds(2)).build();

        assertEquals(config, config.toBuilder().build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nxdomainShare", "servfailShare", "dropShare", "truncateShare"})
    void shareOutsideTheUnitIntervalNamesTheSetting(String setting) {
        for (double bad : new double[] {-0.01, 1.01, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> withShare(setting, bad).build());
            assertTrue(e.getMessage().startsWith(setting + " must be within [0, 1]"), e.getMessage());
        }
    }

    @Test
    void nxdomainAndServfailSharesCannotExceedTheWhole() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DnsTestbedConfig.builder().nxdomainShare(0.6).servfailShare(0.5).build());

        assertTrue(e.getMessage().contains("nxdomainShare + servfailShare must not exceed 1"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "dns.example", "127.0.0.256", ""})
    void hostMustBeAnIpLiteralBecauseNamesAreNeverResolved(String host) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DnsTestbedConfig.builder().host(host).build());

        assertTrue(e.getMessage().contains("host must be an IP literal"), e.getMessage());
    }

    @Test
    void eachNumericSettingIsRangeChecked() {
        assertRejected(b -> b.port(-1), "port must be within [0, 65535]");
        assertRejected(b -> b.port(65536), "port must be within [0, 65535]");
        assertRejected(b -> b.ttl(-1), "ttl must be within");
        assertRejected(b -> b.udpReceiveBufferBytes(0), "udpReceiveBufferBytes must be positive");
        assertRejected(b -> b.eventLoopThreads(0), "eventLoopThreads must be at least 1");
        assertRejected(b -> b.tcpIdleTimeout(Duration.ZERO), "tcpIdleTimeout must be positive");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "a..b", "bad zone", "ünicode.test", "in-addr.arpa", "x.ip6.arpa", "arpa"})
    void unusableZoneIsRejected(String zone) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DnsTestbedConfig.builder().zone(zone).build());

        assertTrue(e.getMessage().startsWith("zone '" + zone + "' is not usable"), e.getMessage());
    }

    private static void assertRejected(UnaryOperator<DnsTestbedConfig.Builder> change, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> change.apply(DnsTestbedConfig.builder()).build());
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    private static DnsTestbedConfig.Builder withShare(String setting, double share) {
        DnsTestbedConfig.Builder builder = DnsTestbedConfig.builder();
        switch (setting) {
            case "nxdomainShare":
                return builder.nxdomainShare(share);
            case "servfailShare":
                return builder.servfailShare(share);
            case "dropShare":
                return builder.dropShare(share);
            default:
                return builder.truncateShare(share);
        }
    }
}
