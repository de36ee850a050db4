package dev.bulkfetch.http;

import dev.bulkfetch.dns.DnsEngine;
import dev.bulkfetch.dns.DnsEngineConfig;
import dev.bulkfetch.loop.Transport;
import dev.bulkfetch.testbed.DnsTestbed;
import dev.bulkfetch.testbed.DnsTestbedConfig;
import dev.bulkfetch.testbed.HttpTestbed;
import dev.bulkfetch.testbed.HttpTestbedConfig;
import io.netty.channel.EventLoopGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** An HTTP engine on its own loop, with the HTTP and DNS testbeds it talks to, for one test. */
final class HttpFixture implements AutoCloseable {
    final HttpTestbed server;
    final DnsTestbed dnsServer;
    final EventLoopGroup group;
    final DnsEngine dns;
    final HttpEngine engine;

    HttpFixture(Consumer<HttpEngineConfig.Builder> settings) {
        server = HttpTestbed.start(HttpTestbedConfig.builder().port(0).build());
        dnsServer = DnsTestbed.start(DnsTestbedConfig.builder().port(0).build());
        group = Transport.best().newGroup(1, "test-http-loop");
        dns = DnsEngine.start(DnsEngineConfig.builder().resolver(dnsServer.address()).build(), group.next());
        HttpEngineConfig.Builder b = HttpEngineConfig.builder();
        settings.accept(b);
        engine = HttpEngine.start(b.build(), dns.loop(), dns, HostsFile.empty());
    }

    String url(String path) {
        return server.baseUrl() + path;
    }

    HttpFetchResult get(String path) throws Exception {
        return fetchUrl(url(path));
    }

    HttpFetchResult fetchUrl(String url) throws Exception {
        return engine.fetch(HttpUrl.parse(url)).get(30, TimeUnit.SECONDS);
    }

    /** Starts all fetches at once and waits for every result, in input order. */
    List<HttpFetchResult> getAll(List<String> paths) throws Exception {
        List<CompletableFuture<HttpFetchResult>> futures = new ArrayList<>();
        for (String p : paths) {
            futures.add(engine.fetch(HttpUrl.parse(url(p))));
        }
        List<HttpFetchResult> out = new ArrayList<>();
        for (CompletableFuture<HttpFetchResult> f : futures) {
            out.add(f.get(60, TimeUnit.SECONDS));
        }
        return out;
    }

    @Override
    public void close() {
        engine.close();
        dns.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        server.close();
        dnsServer.close();
    }
}
