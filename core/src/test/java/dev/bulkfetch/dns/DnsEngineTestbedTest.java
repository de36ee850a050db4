package dev.bulkfetch.dns;

import dev.bulkfetch.engine.Transport;
import dev.bulkfetch.testbed.DnsTestbed;
import dev.bulkfetch.testbed.DnsTestbedConfig;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DnsEngineTestbedTest {
    private EventLoopGroup group;
    private DnsTestbed testbed;
    private DnsEngine engine;

    @BeforeEach
    void start() {
        group = Transport.best().newGroup(1, "test-loop");
        testbed = DnsTestbed.start(DnsTestbedConfig.builder().port(0).build());
        engine = DnsEngine.start(DnsEngineConfig.builder()
                .resolver(new InetSocketAddress("127.0.0.1", testbed.port()))
                .timeout(Duration.ofMillis(300)).build(), group.next());
    }

    @AfterEach
    void stop() {
        engine.close();
        testbed.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void ptrForIpv4AddressComesBackFromTestbed() throws Exception {
        DnsAnswer a = engine.query(new DnsQuestion("1.0.18.198.in-addr.arpa", DnsRecordType.PTR)).get(5, TimeUnit.SECONDS);
        System.out.println(a + " " + engine.stats());
        assertNull(a.error());
        assertEquals(DnsRcode.NOERROR, a.rcode());
    }
}
