package com.flowtriq.ftagent.detect;

import com.flowtriq.ftagent.count.AmplificationPort;
import com.flowtriq.ftagent.count.Protocol;
import com.flowtriq.ftagent.count.TcpFlagClass;
import com.flowtriq.ftagent.count.TrafficWindow;

/**
 * The counting stage's per-tick {@link TrafficWindow} seen as a {@link TrafficSample}: the detector's input in
 * {@code run} and {@code replay}.
 * <pre>{@code
 * TrafficWindow window = stage.newWindow();
 * TrafficWindowSample sample = new TrafficWindowSample().wrap(window);
 * ... each due second: stage.tick(second, window); detector.onTick(second, sample);
 * }</pre>
 * The {@code TrafficSample} indexes are the ordinals of {@link Protocol}, {@link TcpFlagClass} and
 * {@link AmplificationPort}; {@link #checkOrdinals()} (run by the constructor) fails fast if those enums are ever
 * reordered.
 * <p>
 * A view, not a copy: reads go straight to the window. Single-threaded (the detection thread); no allocation after
 * construction.
 */
public final class TrafficWindowSample implements TrafficSample
{
    private final HeavyHittersCounts sources = new HeavyHittersCounts();
    private final HeavyHittersCounts destinations = new HeavyHittersCounts();
    private final HeavyHittersCounts dstPorts = new HeavyHittersCounts();
    private final HeavyHittersCounts srcPorts = new HeavyHittersCounts();
    private TrafficWindow window;

    public TrafficWindowSample()
    {
        checkOrdinals();
    }

    /** Points this view at a window (normally once: the window is reused tick after tick). */
    public TrafficWindowSample wrap(final TrafficWindow window)
    {
        this.window = window;
        sources.wrap(window.topSources());
        destinations.wrap(window.topDestinations());
        dstPorts.wrap(window.topDstPorts());
        srcPorts.wrap(window.topSrcPorts());
        return this;
    }

    /** Throws if the counting enums no longer match the {@code TrafficSample} indexes. */
    static void checkOrdinals()
    {
        if (Protocol.COUNT != PROTOCOL_COUNT || Protocol.TCP.ordinal() != PROTOCOL_TCP ||
            Protocol.UDP.ordinal() != PROTOCOL_UDP || Protocol.ICMP.ordinal() != PROTOCOL_ICMP ||
            Protocol.ICMPV6.ordinal() != PROTOCOL_ICMPV6 || Protocol.GRE.ordinal() != PROTOCOL_GRE ||
            Protocol.OTHER.ordinal() != PROTOCOL_OTHER)
        {
            throw new IllegalStateException("count.Protocol ordinals differ from TrafficSample.PROTOCOL_*");
        }

        if (TcpFlagClass.COUNT != FLAGS_COUNT || TcpFlagClass.SYN.ordinal() != FLAGS_SYN ||
            TcpFlagClass.SYN_ACK.ordinal() != FLAGS_SYN_ACK || TcpFlagClass.ACK.ordinal() != FLAGS_ACK ||
            TcpFlagClass.RST.ordinal() != FLAGS_RST || TcpFlagClass.FIN.ordinal() != FLAGS_FIN ||
            TcpFlagClass.PSH_ACK.ordinal() != FLAGS_PSH_ACK || TcpFlagClass.URG.ordinal() != FLAGS_URG ||
            TcpFlagClass.NULL.ordinal() != FLAGS_NULL || TcpFlagClass.XMAS.ordinal() != FLAGS_XMAS ||
            TcpFlagClass.OTHER.ordinal() != FLAGS_OTHER)
        {
            throw new IllegalStateException("count.TcpFlagClass ordinals differ from TrafficSample.FLAGS_*");
        }

        if (AmplificationPort.COUNT != SERVICE_COUNT || AmplificationPort.DNS.ordinal() != SERVICE_DNS ||
            AmplificationPort.NTP.ordinal() != SERVICE_NTP || AmplificationPort.SSDP.ordinal() != SERVICE_SSDP ||
            AmplificationPort.MEMCACHED.ordinal() != SERVICE_MEMCACHED ||
            AmplificationPort.CLDAP.ordinal() != SERVICE_CLDAP ||
            AmplificationPort.CHARGEN.ordinal() != SERVICE_CHARGEN ||
            AmplificationPort.SNMP.ordinal() != SERVICE_SNMP || AmplificationPort.WSD.ordinal() != SERVICE_WSD ||
            AmplificationPort.MDNS.ordinal() != SERVICE_MDNS ||
            AmplificationPort.OPENVPN.ordinal() != SERVICE_OPENVPN ||
            AmplificationPort.ARD.ordinal() != SERVICE_ARD || AmplificationPort.QUIC.ordinal() != SERVICE_QUIC)
        {
            throw new IllegalStateException("count.AmplificationPort ordinals differ from TrafficSample.SERVICE_*");
        }
    }

    @Override
    public long tickSecond()
    {
        return window.tickSecond();
    }

    @Override
    public int seconds()
    {
        return window.seconds();
    }

    @Override
    public long packets()
    {
        return window.packets();
    }

    @Override
    public long bytes()
    {
        return window.bytes();
    }

    @Override
    public long protocolPackets(final int protocol)
    {
        return window.packets(Protocol.ofOrdinal(protocol));
    }

    @Override
    public long protocolBytes(final int protocol)
    {
        return window.bytes(Protocol.ofOrdinal(protocol));
    }

    @Override
    public long ipv4Packets()
    {
        return window.ipv4Packets();
    }

    @Override
    public long ipv6Packets()
    {
        return window.ipv6Packets();
    }

    @Override
    public long firstFragmentPackets()
    {
        return window.firstFragmentPackets();
    }

    @Override
    public long laterFragmentPackets()
    {
        return window.laterFragmentPackets();
    }

    @Override
    public long tcpFlagClassPackets(final int flagClass)
    {
        return window.tcpFlagPackets(TcpFlagClass.ofOrdinal(flagClass));
    }

    @Override
    public long amplificationSourcePackets(final int service)
    {
        return window.amplificationPackets(AmplificationPort.ofOrdinal(service));
    }

    @Override
    public long amplificationSourceBytes(final int service)
    {
        return window.amplificationBytes(AmplificationPort.ofOrdinal(service));
    }

    @Override
    public long udpDstServicePackets(final int service)
    {
        return window.udpDstPortPackets(AmplificationPort.ofOrdinal(service).port());
    }

    @Override
    public RankedCounts topSources()
    {
        return sources;
    }

    @Override
    public RankedCounts topDestinations()
    {
        return destinations;
    }

    @Override
    public RankedCounts topDstPorts()
    {
        return dstPorts;
    }

    @Override
    public RankedCounts topSrcPorts()
    {
        return srcPorts;
    }

    @Override
    public double distinctSources()
    {
        return window.distinctSources();
    }

    @Override
    public double sourceEntropy()
    {
        return window.sourceEntropy();
    }

    @Override
    public long malformedPackets()
    {
        return window.malformedPackets();
    }

    @Override
    public long backPressureDrops()
    {
        return window.backPressureDrops();
    }
}
