package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.decode.FrameDecoder;
import com.flowtriq.ftagent.decode.LinkType;
import com.flowtriq.ftagent.decode.PacketRecord;
import com.flowtriq.ftagent.decode.PacketRecordDescriptor;
import com.flowtriq.ftagent.frames.FrameBuilder;
import com.flowtriq.ftagent.incident.IncidentEvent;
import com.flowtriq.ftagent.mitigate.ArgvRunner;
import com.flowtriq.ftagent.mitigate.IpAddress;
import com.flowtriq.ftagent.mitigate.IpsetDropSources;
import com.flowtriq.ftagent.mitigate.MitigationEngine;
import com.flowtriq.ftagent.mitigate.MitigationPolicy;
import com.flowtriq.ftagent.mitigate.MitigationStateFile;
import com.flowtriq.ftagent.mitigate.NftDropSources;
import com.flowtriq.ftagent.mitigate.RuleSpec;
import com.flowtriq.ftagent.mitigate.RuleTarget;
import com.flowtriq.ftagent.mitigate.Safelist;
import com.flowtriq.ftagent.mitigate.SourceBlocker;
import com.flowtriq.ftagent.testbed.FrameSender;
import com.flowtriq.ftagent.testbed.NetnsTestBed;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An IPv6 flood source of an L3/L4 incident, known to the incident only by its digest, really dropped in the test
 * bed's rx namespace, by the nft rule and by the ipset + ip6tables rule, while another IPv6 source still gets
 * through; after resolve both flow again and after stop nothing of ftagent is left.
 * The digest comes from decoding the very frames sent, so the address book is filled the way capture fills it.
 * IPv6 addresses are from the documentation prefix and exist only inside the test's namespaces.
 */
class Ipv6MitigationNamespaceTest
{
    private static final String RX_ADDRESS = "2001:db8:18::2";
    private static final String FLOOD_SOURCE = "2001:db8:66::1";
    private static final String OTHER_SOURCE = "2001:db8:77::1";
    private static final int UDP_PORT = 9_999;
    private static final int PER_SOURCE = 5;
    private static final Pattern IPV6_NFT_COUNTER = Pattern.compile("ip6 saddr @blocked6 counter packets (\\d+)");
    private static final Pattern IPV6_IPSET_COUNTER =
        Pattern.compile("(?m)^\\s*(\\d+)\\s+\\d+\\s+DROP.*match-set ftagent6 src");

    @TempDir
    Path stateDir;

    NetnsTestBed bed;
    DatagramChannel socket;
    MitigationEngine engine;

    @BeforeEach
    void setUp() throws Exception
    {
        assumeTrue(NetnsTestBed.isSupported(), NetnsTestBed.SKIP_REASON);
        bed = NetnsTestBed.create();
        // the test bed turns IPv6 off on its links; this test wants it on the rx end, with no DAD delay
        bed.run(bed.rxNamespace(), "sysctl", "-q", "-w", "net.ipv6.conf." + bed.rxInterface() + ".disable_ipv6=0")
            .check();
        bed.run(bed.rxNamespace(), "ip", "-6", "addr", "add", RX_ADDRESS + "/64", "dev", bed.rxInterface(), "nodad")
            .check();
        socket = bed.callInRx(() ->
        {
            final DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET6);
            channel.bind(new InetSocketAddress(RX_ADDRESS, UDP_PORT));
            channel.configureBlocking(false);
            return channel;
        });
    }

    @AfterEach
    void tearDown() throws Exception
    {
        if (null != engine)
        {
            engine.close();
        }
        if (null != socket)
        {
            socket.close();
        }
        if (null != bed)
        {
            bed.close();
        }
    }

    @Test
    void shouldDropIpv6FloodSourceNamedByDigestWithNftWhileAnotherIpv6SourcePasses() throws Exception
    {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nft")) || Files.isExecutable(Path.of("/sbin/nft")),
            "needs nft (nftables) installed");
        final NftDropSources nft = new NftDropSources(namespaceRunner());

        assertIpv6FloodSourceDroppedThenReleased(nft, () -> counter(IPV6_NFT_COUNTER,
            bed.run(bed.rxNamespace(), "nft", "list", "table", "inet", NftDropSources.TABLE).check().output()));

        final String table = bed.run(bed.rxNamespace(), "nft", "list", "table", "inet", NftDropSources.TABLE)
            .check().output();
        assertFalse(table.contains("elements"), "resolve emptied the set: " + table);
        engine.close();
        engine = null;
        final String ruleset = bed.run(bed.rxNamespace(), "nft", "list", "ruleset").check().output();
        assertFalse(ruleset.contains("ftagent"), ruleset);
    }

    @Test
    void shouldDropIpv6FloodSourceNamedByDigestWithIpsetAndIp6tablesWhileAnotherIpv6SourcePasses() throws Exception
    {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ipset")) &&
            Files.isExecutable(Path.of("/usr/sbin/ip6tables")), "needs ipset and ip6tables installed");
        final IpsetDropSources ipset = new IpsetDropSources(namespaceRunner());

        assertIpv6FloodSourceDroppedThenReleased(ipset, () -> counter(IPV6_IPSET_COUNTER,
            bed.run(bed.rxNamespace(), "ip6tables", "-L", "INPUT", "-v", "-n", "-x").check().output()));

        final String set = bed.run(bed.rxNamespace(), "ipset", "list", IpsetDropSources.SET_V6).check().output();
        assertFalse(set.contains("2001:db8:66::1"), "resolve emptied the set: " + set);
        engine.close();
        engine = null;
        assertFalse(bed.run(bed.rxNamespace(), "ip6tables-save").check().output().contains("ftagent"));
        assertEquals("", bed.run(bed.rxNamespace(), "ipset", "list", "-n").check().output().strip());
    }

    /**
     * Path open for both sources; an L3/L4 incident naming the flood source only by its digest goes through
     * {@link MitigationDispatch} (with the address book of the decoder that saw the frames) to the engine and the
     * backend; the flood source is then dropped (the backend's IPv6 counter grows) while the other source passes;
     * resolve lets it through again.
     */
    private void assertIpv6FloodSourceDroppedThenReleased(final SourceBlocker backend, final LongSupplier dropCounter)
        throws Exception
    {
        final Map<IpAddress, Integer> before = sendAndReceive(0, 0);
        assertEquals(PER_SOURCE, before.getOrDefault(IpAddress.of(FLOOD_SOURCE), 0), "path works before: " + before);
        assertEquals(PER_SOURCE, before.getOrDefault(IpAddress.of(OTHER_SOURCE), 0), "path works before: " + before);

        final FrameDecoder decoder = new FrameDecoder(LinkType.ETHERNET);
        final long floodDigest = decodeSource(decoder, frame(FLOOD_SOURCE, 0));
        assertTrue(floodDigest < 0, "an IPv6 source is a digest in the record");
        engine = new MitigationEngine(
            new MitigationPolicy(true, false, 1000, List.of(new RuleSpec(List.of("udp_flood"), List.of(), 0, 0,
                backend.action(), RuleTarget.TOP_SOURCES, 10, 0))),
            new Safelist(List.of()),
            List.of(backend),
            new MitigationStateFile(stateDir),
            System::currentTimeMillis);
        engine.start();
        final MitigationDispatch dispatch = new MitigationDispatch(engine);
        dispatch.resolveIpv6With(List.of(decoder.addressBook()));

        dispatch.onIncidentEvent(udpFlood(IncidentEvent.Type.OPEN, floodDigest));
        engine.awaitIdle();
        assertEquals(1, engine.counters().applied(), engine.toString());

        final int flood = 200;
        final Map<IpAddress, Integer> during = sendAndReceive(flood, 100);
        assertEquals(0, during.getOrDefault(IpAddress.of(FLOOD_SOURCE), 0), "flood source dropped: " + during);
        assertEquals(PER_SOURCE, during.getOrDefault(IpAddress.of(OTHER_SOURCE), 0), "other source passes");
        final long dropped = dropCounter.getAsLong();
        assertTrue(dropped >= flood + PER_SOURCE, "IPv6 drop counter " + dropped);

        dispatch.onIncidentEvent(udpFlood(IncidentEvent.Type.RESOLVE, floodDigest));
        engine.awaitIdle();
        assertEquals(1, engine.counters().reverted(), engine.toString());
        final Map<IpAddress, Integer> after = sendAndReceive(0, 200);
        assertEquals(PER_SOURCE, after.getOrDefault(IpAddress.of(FLOOD_SOURCE), 0), "flows again after resolve");
    }

    private ArgvRunner namespaceRunner()
    {
        return new ArgvRunner(List.of("ip", "netns", "exec", bed.rxNamespace()), 30_000);
    }

    private static IncidentEvent udpFlood(final IncidentEvent.Type type, final long floodDigest)
    {
        final IncidentEvent event = new IncidentEvent();
        event.clearLists();
        event.incidentId("l3l4-ns-v6-1").type(type).family("udp_flood").subtype("udp_generic");
        event.topSources().add(floodDigest, 50_000, 3_000_000);
        return event;
    }

    /**
     * Sends {@code flood} extra datagrams from the flood source, then {@link #PER_SOURCE} from each source (the
     * other source last: once its datagrams are in, the earlier ones have been decided), and counts what arrives.
     */
    private Map<IpAddress, Integer> sendAndReceive(final int flood, final int sequenceBase) throws Exception
    {
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < flood; i++)
        {
            frames.add(frame(FLOOD_SOURCE, sequenceBase + PER_SOURCE + i));
        }
        for (int i = 0; i < PER_SOURCE; i++)
        {
            frames.add(frame(FLOOD_SOURCE, sequenceBase + i));
        }
        for (int i = 0; i < PER_SOURCE; i++)
        {
            frames.add(frame(OTHER_SOURCE, sequenceBase + i));
        }
        final int sent = bed.callInTx(() ->
        {
            try (FrameSender sender = FrameSender.open(bed.txInterface()))
            {
                return sender.send(frames);
            }
        });
        assertEquals(frames.size(), sent);

        final IpAddress other = IpAddress.of(OTHER_SOURCE);
        final Map<IpAddress, Integer> received = new HashMap<>();
        final ByteBuffer buffer = ByteBuffer.allocate(64);
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (received.getOrDefault(other, 0) < PER_SOURCE && System.nanoTime() < deadline)
        {
            buffer.clear();
            final InetSocketAddress from = (InetSocketAddress)socket.receive(buffer);
            if (null == from)
            {
                Thread.sleep(5);
                continue;
            }
            received.merge(IpAddress.ofBytes(from.getAddress().getAddress()), 1, Integer::sum);
        }
        return received;
    }

    private byte[] frame(final String source, final int sequence)
    {
        final HexFormat mac = HexFormat.ofDelimiter(":");
        return FrameBuilder.ethernet()
            .macs(mac.formatHex(bed.txMac()), mac.formatHex(bed.rxMac()))
            .ipv6(source, RX_ADDRESS)
            .udp(40_000, UDP_PORT)
            .payload(ByteBuffer.allocate(4).putInt(sequence).array())
            .build();
    }

    /** Decodes a frame as capture does (off-heap) and returns the record's source: a digest for IPv6. */
    private static long decodeSource(final FrameDecoder decoder, final byte[] frame)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment memory = arena.allocate(frame.length, 64);
            MemorySegment.copy(MemorySegment.ofArray(frame), 0, memory, 0, frame.length);
            final UnsafeBuffer recordBuffer = new UnsafeBuffer(new byte[PacketRecordDescriptor.LENGTH]);
            decoder.decode(memory, 0, frame.length, frame.length, System.nanoTime(), recordBuffer, 0);
            return new PacketRecord().wrapForRead(recordBuffer, 0).srcAddress();
        }
    }

    private static long counter(final Pattern pattern, final String listing)
    {
        final Matcher matcher = pattern.matcher(listing);
        assertTrue(matcher.find(), listing);
        return Long.parseLong(matcher.group(1));
    }
}
