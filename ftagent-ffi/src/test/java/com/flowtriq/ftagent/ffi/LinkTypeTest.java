package com.flowtriq.ftagent.ffi;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LinkTypeTest
{
    @Test
    void shouldReadEthernetAndLoopbackDevicesAsEthernet()
    {
        assertEquals(LinkType.ETHERNET, LinkType.fromArphrd(Libc.ARPHRD_ETHER));
        assertEquals(LinkType.ETHERNET, LinkType.fromArphrd(Libc.ARPHRD_LOOPBACK));
    }

    @Test
    void shouldReadDevicesWithoutALinkHeaderAsRawIp()
    {
        final int[] headerless = {
            Libc.ARPHRD_NONE, Libc.ARPHRD_RAWIP, Libc.ARPHRD_TUNNEL, Libc.ARPHRD_TUNNEL6, Libc.ARPHRD_SIT,
            Libc.ARPHRD_IPGRE, Libc.ARPHRD_IP6GRE };
        for (final int hardwareType : headerless)
        {
            assertEquals(LinkType.RAW, LinkType.fromArphrd(hardwareType), "ARPHRD " + hardwareType);
        }
    }

    @Test
    void shouldRefuseHardwareTypesWhoseFramesTheDecoderCannotRead()
    {
        final int arphrdIeee80211Radiotap = 803;
        final int arphrdInfiniband = 32;
        assertEquals(-1, LinkType.fromArphrd(arphrdIeee80211Radiotap));
        assertEquals(-1, LinkType.fromArphrd(arphrdInfiniband));
    }
}
