package com.flowtriq.ftagent.mitigate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueTypesTest
{
    @Test
    void shouldRegenerateCanonicalTextFromParsedBytes()
    {
        assertEquals("198.18.0.1", IpAddress.parse("198.18.0.1").text());
        assertEquals("2001:db8:0:0:0:0:0:1", IpAddress.parse("2001:DB8::1").text());
        assertTrue(IpAddress.parse("198.18.0.1").isIpv4());
        assertFalse(IpAddress.parse("::1").isIpv4());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ", " 1.2.3.4", "1.2.3.4;rm -rf /",
        "1.2.3.4\nflush ruleset", "-F", "--flush", "$(reboot)", "`id`", "1.2.3.4|id", "localhost", "example.com",
        "fe80::1%eth0", "[::1]", "1.2.3.4/32", "::g", "1:2:3:4:5:6:7:8:9", "1.2.3.-4", "1..2.3",
        "0000000000000000000000000000000000000000000000000000001.2.3.4" })
    void shouldRejectAnythingThatIsNotExactlyOneAddress(final String input)
    {
        assertNull(IpAddress.parse(input), input);
    }

    @Test
    void shouldRejectNullAndOverlongAddress()
    {
        assertNull(IpAddress.parse(null));
        assertNull(IpAddress.parse("1".repeat(10_000)));
    }

    @Test
    void shouldMatchPrefixesBitwiseAndPerFamily()
    {
        final Cidr prefix = Cidr.of("198.18.0.0/15");
        assertTrue(prefix.contains(IpAddress.of("198.19.255.255")));
        assertFalse(prefix.contains(IpAddress.of("198.20.0.0")));
        assertFalse(prefix.contains(IpAddress.of("::ffff:c612:1")) && !IpAddress.of("::ffff:c612:1").isIpv4());
        assertFalse(Cidr.of("::/0").contains(IpAddress.of("1.2.3.4")));
        assertTrue(Cidr.of("0.0.0.0/0").contains(IpAddress.of("1.2.3.4")));
        assertTrue(Cidr.of("2001:db8::/32").contains(IpAddress.of("2001:db8:ffff::1")));
        assertEquals(32, Cidr.of("10.0.0.1").prefixLength());
    }

    @ParameterizedTest
    @ValueSource(strings = { "1.2.3.4/33", "1.2.3.4/", "1.2.3.4/-1", "1.2.3.4/8 ", "/8", "::/129", "1.2.3.4/1a",
        "1.2.3.4/08;x" })
    void shouldRejectMalformedCidr(final String input)
    {
        assertNull(Cidr.parse(input), input);
    }

    @Test
    void shouldAcceptPortsInRangeOnly()
    {
        assertEquals(0, Port.parse("0").value());
        assertEquals(65535, Port.parse("65535").value());
        assertNull(Port.parse("65536"));
        assertNull(Port.parse("-1"));
        assertNull(Port.parse("+80"));
        assertNull(Port.parse("80 "));
        assertNull(Port.parse("80;id"));
        assertNull(Port.parse("0x50"));
        assertNull(Port.parse("000080"));
        assertNull(Port.valueOf(70_000));
        assertNotNull(Port.valueOf(53));
    }

    @Test
    void shouldParseProtocolsFromKeywordsOrNumbersOnly()
    {
        assertEquals(Protocol.TCP, Protocol.parse("tcp"));
        assertEquals(Protocol.UDP, Protocol.parse("UDP"));
        assertEquals(Protocol.UDP, Protocol.parse("17"));
        assertNull(Protocol.parse("tcp;"));
        assertNull(Protocol.parse("-F"));
        assertNull(Protocol.parse("gre"));
        assertNull(Protocol.parse(null));
    }

    @Test
    void shouldEscapeControlCharactersWhenQuotingUntrustedText()
    {
        assertEquals("\"a\\x0ab\"", Printable.quote("a\nb"));
        assertTrue(Printable.quote("x".repeat(500)).endsWith("...(500 chars)"));
    }
}
