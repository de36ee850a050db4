package dev.bulkfetch.dns;

import dev.bulkfetch.loop.Transport;
import io.netty.channel.EventLoopGroup;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A DNS engine on its own event loop for one test, with the resolvers the test names. */
final class EngineFixture implements AutoCloseable {
    final EventLoopGroup group;
    final DnsEngine engine;

    EngineFixture(List<InetSocketAddress> resolvers, Consumer<DnsEngineConfig.Builder> settings) {
        group = Transport.best().newGroup(1, "test-dns-loop");
        DnsEngineConfig.Builder b = DnsEngineConfig.builder().resolvers(resolvers).timeout(Duration.ofMillis(200));
        settings.accept(b);
        engine = DnsEngine.start(b.build(), group.next());
    }

    DnsAnswer ask(String name, int type) throws Exception {
        return engine.query(new DnsQuestion(name, type)).get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        engine.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
