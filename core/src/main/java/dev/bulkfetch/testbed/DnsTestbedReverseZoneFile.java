package dev.bulkfetch.testbed;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * The reverse zone of 198.18.0.0/16 as a zone file for NSD (docker/testbed, load-tests/dns): one PTR per
 * address, named by {@link DnsTestbedZone#ptrFor(InetAddress)}, so that NSD and the embedded DNS testbed
 * answer every reverse name of the range alike.
 */
public final class DnsTestbedReverseZoneFile {
    /** The zone's name, without the trailing dot; also the file's name before {@code .zone}. */
    public static final String ORIGIN = "18.198.in-addr.arpa";

    private DnsTestbedReverseZoneFile() {
    }

    /** The zone file: origin, TTL, SOA and NS, then {@code d.c IN PTR target} for c, then d, from 0 to 255. */
    public static byte[] text() {
        StringBuilder zone = new StringBuilder(65536 * 48);
        zone.append("$ORIGIN ").append(ORIGIN).append(".\n")
                .append("$TTL 3600\n")
                .append("@ IN SOA ns.bulkfetch.test. hostmaster.bulkfetch.test. 1 3600 600 86400 3600\n")
                .append("@ IN NS ns.bulkfetch.test.\n");
        byte[] address = {(byte) 198, 18, 0, 0};
        for (int c = 0; c < 256; c++) {
            for (int d = 0; d < 256; d++) {
                address[2] = (byte) c;
                address[3] = (byte) d;
                zone.append(d).append('.').append(c).append(" IN PTR ").append(DnsTestbedZone.ptrFor(address(address)))
                        .append('\n');
            }
        }
        return zone.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static InetAddress address(byte[] octets) {
        try {
            return InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four octets always make an address", e);
        }
    }
}
