package dev.bulkfetch.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.dns.DnsPtrRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import org.junit.jupiter.api.Test;

import java.util.List;

/** The zone as a pure function, without sockets: what callers computing expected answers rely on. */
class DnsTestbedZoneTest {

    private final DnsTestbedZone zone = new DnsTestbedZone(DnsTestbedConfig.defaults());

    @Test
    void servesTheForwardZoneAndBothReverseTreesOnly() {
        assertTrue(zone.isAuthoritativeFor("bulkfetch.test."));
        assertTrue(zone.isAuthoritativeFor("A.Bulkfetch.Test"));
        assertTrue(zone.isAuthoritativeFor("1.2.3.4.in-addr.arpa"));
        assertTrue(zone.isAuthoritativeFor("ip6.arpa."));
        assertFalse(zone.isAuthoritativeFor("notbulkfetch.test"));
        assertFalse(zone.isAuthoritativeFor("example.com."));
    }

    @Test
    void answerNamesRecordsAfterTheQuestionAsAsked() {
        DnsTestbedAnswer answer = zone.answer("Host.BULKFETCH.test.", DnsRecordType.A);

        assertEquals(DnsResponseCode.NOERROR, answer.rcode());
        DnsRecord record = answer.answers().get(0);
        assertEquals("Host.BULKFETCH.test.", record.name());
        assertEquals(300, record.timeToLive());
        assertTrue(answer.authority().isEmpty());
    }

    @Test
    void reverseAnswerIsAPtrToPtrFor() {
        DnsTestbedAnswer answer = zone.answer("7.113.0.203.in-addr.arpa.", DnsRecordType.PTR);

        DnsPtrRecord ptr = (DnsPtrRecord) answer.answers().get(0);
        assertEquals("203-0-113-7.v4.bulkfetch.test.", ptr.hostname());
    }

    @Test
    void nxdomainCarriesTheSoaOfTheEnclosingZone() {
        assertEquals("bulkfetch.test.", zone.nxdomain("x.bulkfetch.test").authority().get(0).name());
        assertEquals("ip6.arpa.", zone.nxdomain("1.ip6.arpa").authority().get(0).name());
        assertEquals(DnsResponseCode.REFUSED, zone.nxdomain("example.com").rcode());
    }

    @Test
    void bigTxtStringsAreNumberedAndBounded() {
        assertEquals(List.of("bulkfetch big txt 001", "bulkfetch big txt 002"), DnsTestbedZone.bigTxtStrings(2));
        assertEquals("bulkfetch big txt 200", DnsTestbedZone.bigTxtStrings(200).get(199));
        assertThrows(IllegalArgumentException.class, () -> DnsTestbedZone.bigTxtStrings(0));
        assertThrows(IllegalArgumentException.class, () -> DnsTestbedZone.bigTxtStrings(201));
    }
}
