package dev.bulkfetch.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryEncoder;
import io.netty.handler.codec.dns.AbstractDnsOptPseudoRrRecord;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsSection;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hand-written query bytes equal what Netty's encoder makes of the same query, byte for byte. */
class DnsQueryWriterTest {
    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 1);

    @Test
    void sameBytesAsNettysEncoderForRandomQueriesThroughOneWriter() {
        DnsQueryWriter writer = new DnsQueryWriter(); // reused: a long query must not leak into a short one
        SplittableRandom random = new SplittableRandom(7);
        int[] types = {DnsRecordType.A, DnsRecordType.AAAA, DnsRecordType.PTR, DnsRecordType.TXT, 65_535};
        for (int i = 0; i < 2_000; i++) {
            String name = randomName(random);
            int id = random.nextInt(65_536);
            int type = types[random.nextInt(types.length)];
            boolean rd = random.nextBoolean();
            int edns = random.nextInt(3) == 0 ? 0 : 512 + random.nextInt(65_000);
            assertSameBytesAsNetty(writer, name, id, type, rd, edns);
        }
    }

    @Test
    void longestNameFits() {
        String label = "a".repeat(63);
        String name = label + "." + label + "." + label + "." + "b".repeat(61) + "."; // 255 bytes on the wire
        assertEquals(255, DnsName.toWire(name).length);
        assertSameBytesAsNetty(new DnsQueryWriter(), name, 1, DnsRecordType.A, true, 1232);
    }

    private static void assertSameBytesAsNetty(DnsQueryWriter writer, String name, int id, int type, boolean rd, int edns) {
        byte[] wire = DnsName.toWire(name);
        ByteBuf ours = Unpooled.buffer();
        ours.writeByte(0x5a); // the query lands after what the buffer already holds
        writer.write(ours, id, wire, type, rd, edns);
        ours.skipBytes(1);
        assertEquals(DnsQueryWriter.size(wire, edns), ours.readableBytes(), name);
        ByteBuf netty = nettyEncoding(name, id, type, rd, edns);
        assertEquals(ByteBufUtil.hexDump(netty), ByteBufUtil.hexDump(ours), name + " edns " + edns);
        ours.release();
        netty.release();
    }

    private static String randomName(SplittableRandom random) {
        StringBuilder sb = new StringBuilder();
        int labels = 1 + random.nextInt(6);
        for (int l = 0; l < labels; l++) {
            int len = 1 + random.nextInt(l == 0 ? 40 : 12);
            for (int c = 0; c < len; c++) {
                sb.append((char) ('a' + random.nextInt(26)));
            }
            sb.append('.');
        }
        return sb.toString();
    }

    private static ByteBuf nettyEncoding(String name, int id, int type, boolean rd, int edns) {
        DatagramDnsQuery q = new DatagramDnsQuery(A, A, id);
        q.setRecursionDesired(rd);
        q.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(name, io.netty.handler.codec.dns.DnsRecordType.valueOf(type)));
        if (edns > 0) {
            q.addRecord(DnsSection.ADDITIONAL, new AbstractDnsOptPseudoRrRecord(edns, 0, 0) { });
        }
        EmbeddedChannel ch = new EmbeddedChannel(new DatagramDnsQueryEncoder());
        ch.writeOutbound(q);
        DatagramPacket packet = ch.readOutbound();
        ByteBuf content = packet.content().retain();
        packet.release();
        ch.finishAndReleaseAll();
        return content;
    }
}
