package com.flowtriq.ftagent.decode;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ipv6AddressBookTest
{
    @ParameterizedTest
    @CsvSource({
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "0:0:0:0:0:0:0:0, ::",
        "0:0:0:0:0:0:0:1, ::1",
        "fe80:0:0:0:0:0:0:0, fe80::",
        "::ffff:198.18.0.1, ::ffff:198.18.0.1",
        "2001:DB8:AAAA:0:0:0:0:0, 2001:db8:aaaa::"
    })
    void shouldFormatAddressAsRfc5952Text(final String literal, final String expected)
    {
        assertEquals(expected, Ipv6AddressBook.format(ipv6Bytes(literal)));
    }

    @Test
    void shouldFindAnAddressInWhicheverCaptureThreadsBookSawIt()
    {
        final Ipv6AddressBook first = new Ipv6AddressBook(16);
        final Ipv6AddressBook second = new Ipv6AddressBook(16);
        final Ipv6AddressBook[] books = { first, second };
        final long[] source = DecodeHarness.ipv6Halves("2001:db8::5");
        final long[] victim = DecodeHarness.ipv6Halves("2001:db8:ff::1");
        final long sourceDigest = Ipv6Digest.source(source[0], source[1]);
        final int victimDigest = Ipv6Digest.destination(victim[0], victim[1]);
        final byte[] into = new byte[16];

        assertFalse(Ipv6AddressBook.sourceAddress(books, sourceDigest, into));
        assertFalse(Ipv6AddressBook.destinationAddress(books, victimDigest, into));

        second.recordSource(sourceDigest, source[0], source[1]);
        first.recordDestination(victimDigest, victim[0], victim[1]);

        assertTrue(Ipv6AddressBook.sourceAddress(books, sourceDigest, into));
        assertEquals("2001:db8::5", Ipv6AddressBook.format(into));
        assertTrue(Ipv6AddressBook.destinationAddress(books, victimDigest, into));
        assertEquals("2001:db8:ff::1", Ipv6AddressBook.format(into));
        assertFalse(Ipv6AddressBook.destinationAddress(new Ipv6AddressBook[0], victimDigest, into));
    }

    @Test
    void shouldReportUnknownAfterSlotIsTakenByAnotherAddress()
    {
        final Ipv6AddressBook book = new Ipv6AddressBook(1);
        final long[] a = DecodeHarness.ipv6Halves("2001:db8::a");
        final long[] b = DecodeHarness.ipv6Halves("2001:db8::b");
        final long digestA = Ipv6Digest.source(a[0], a[1]);
        final long digestB = Ipv6Digest.source(b[0], b[1]);

        book.recordSource(digestA, a[0], a[1]);
        assertEquals("2001:db8::a", book.sourceText(digestA));
        book.recordSource(digestB, b[0], b[1]);

        assertEquals(Ipv6AddressBook.UNKNOWN, book.sourceText(digestA));
        assertEquals("2001:db8::b", book.sourceText(digestB));
        assertFalse(book.sourceAddress(digestA, new byte[16]));
    }

    @Test
    void shouldGiveDistinctSourceDigestsWithBit63SetAcrossOneSlash64()
    {
        final long[] prefix = DecodeHarness.ipv6Halves("2001:db8:1:2::");
        final java.util.Set<Long> digests = new java.util.HashSet<>();
        for (long low = 0; low < 100_000; low++)
        {
            final long digest = Ipv6Digest.source(prefix[0], low);
            assertTrue(digest < 0, "bit 63 must be set so a digest never equals an IPv4 address");
            digests.add(digest);
        }

        assertEquals(100_000, digests.size());
        assertNotEquals(Ipv6Digest.destination(prefix[0], 1), Ipv6Digest.destination(prefix[0], 2));
    }

    private static byte[] ipv6Bytes(final String literal)
    {
        final byte[] raw = InetAddress.ofLiteral(literal).getAddress();
        if (raw.length == 16)
        {
            return raw;
        }
        final byte[] mapped = new byte[16];
        mapped[10] = (byte)0xFF;
        mapped[11] = (byte)0xFF;
        System.arraycopy(raw, 0, mapped, 12, 4);
        return mapped;
    }
}
