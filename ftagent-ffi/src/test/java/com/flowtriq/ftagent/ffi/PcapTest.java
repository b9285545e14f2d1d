package com.flowtriq.ftagent.ffi;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PcapTest
{
    private static final int BENIGN_MIX_PACKETS = 179;

    @TempDir
    Path tempDir;

    @BeforeAll
    static void requireLibpcap()
    {
        assumeTrue(Pcap.isAvailable(), "needs the libpcap runtime library (libpcap0.8)");
    }

    /** realdata README: 37,841 packets, all 60 bytes. */
    private static final int SPOOFED_SYN_FLOOD_PACKETS = 37_841;

    private static Path benignMix()
    {
        return realCapture("tcpreplay_test_benign-mix.pcap");
    }

    private static Path realCapture(final String name)
    {
        final String root = System.getProperty("ftagent.repo.root", ".");
        final Path file = Path.of(root, "..", "shared", "realdata", "pcaps", name).normalize();
        assumeTrue(Files.isRegularFile(file), "needs real capture " + file);
        return file;
    }

    @Test
    void shouldReportLibpcapVersion()
    {
        assertTrue(Pcap.libVersion().startsWith("libpcap version "), Pcap.libVersion());
        assertTrue(Pcap.libraryName().isPresent());
    }

    @Test
    void shouldListLoopbackDeviceWithItsAddress()
    {
        final List<PcapDevice> devices = Pcap.findAllDevs();

        final PcapDevice lo = devices.stream().filter(d -> "lo".equals(d.name())).findFirst()
            .orElseThrow(() -> new AssertionError("no lo in " + devices));
        assertTrue(lo.isLoopback());
        assertTrue(lo.addresses().stream().anyMatch(a -> a.isLoopbackAddress()), lo.toString());
    }

    @Test
    void shouldReadEveryPacketOfCaptureFileThroughDispatchUpcall()
    {
        final MemorySegment pcap = Pcap.openOffline(benignMix().toString());
        try
        {
            assertEquals(Pcap.DLT_EN10MB, Pcap.datalink(pcap));
            final LengthRecorder recorder = new LengthRecorder();
            int result;
            while ((result = Pcap.dispatch(pcap, 50, recorder)) > 0)
            {
                assertTrue(result <= 50, "dispatch returned more than asked: " + result);
            }

            assertEquals(0, result, "end of file");
            assertEquals(BENIGN_MIX_PACKETS, recorder.caplens.size());
            assertTrue(recorder.firstEtherTypeSeen, "read frame bytes through PACKET_MEMORY");
        }
        finally
        {
            Pcap.close(pcap);
        }
    }

    @Test
    void shouldReadPacketCountOfSpoofedSynFloodCaptureStatedInRealdataReadme()
    {
        final MemorySegment pcap = Pcap.openOffline(realCapture("stopddos_pkt.TCP.synflood.spoofed.pcap").toString());
        try
        {
            final long[] packetsAndOtherLengths = new long[2];
            while (Pcap.dispatch(pcap, 1024, (memory, header, data) ->
            {
                packetsAndOtherLengths[0]++;
                if (60 != PcapPkthdr.len(memory, header))
                {
                    packetsAndOtherLengths[1]++;
                }
            }) > 0)
            {
                // until end of file
            }

            assertEquals(SPOOFED_SYN_FLOOD_PACKETS, packetsAndOtherLengths[0]);
            assertEquals(0, packetsAndOtherLengths[1], "packets whose wire length is not 60 bytes");
        }
        finally
        {
            Pcap.close(pcap);
        }
    }

    @Test
    void shouldReadSameLengthsThroughNextExAsThroughDispatch()
    {
        final String path = benignMix().toString();
        final LengthRecorder viaDispatch = new LengthRecorder();
        final MemorySegment first = Pcap.openOffline(path);
        try
        {
            while (Pcap.dispatch(first, -1, viaDispatch) > 0)
            {
                // until end of file
            }
        }
        finally
        {
            Pcap.close(first);
        }

        final List<Integer> caplens = new ArrayList<>();
        final List<Integer> lens = new ArrayList<>();
        final MemorySegment pcap = Pcap.openOffline(path, Pcap.PCAP_TSTAMP_PRECISION_NANO);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment headerSlot = Pcap.allocateSlot(arena);
            final MemorySegment dataSlot = Pcap.allocateSlot(arena);
            int result;
            while (1 == (result = Pcap.nextEx(pcap, headerSlot, dataSlot)))
            {
                final long header = Pcap.slotAddress(headerSlot);
                caplens.add(PcapPkthdr.caplen(Pcap.PACKET_MEMORY, header));
                lens.add(PcapPkthdr.len(Pcap.PACKET_MEMORY, header));
                final long nanos = PcapPkthdr.tv_usec(Pcap.PACKET_MEMORY, header);
                assertTrue(nanos >= 0 && nanos < 1_000_000_000L, "nanosecond field in range: " + nanos);
            }
            assertEquals(Pcap.PCAP_ERROR_BREAK, result, "end of file");
        }
        finally
        {
            Pcap.close(pcap);
        }

        assertEquals(BENIGN_MIX_PACKETS, caplens.size());
        assertEquals(viaDispatch.caplens, caplens);
        assertEquals(viaDispatch.lens, lens);
    }

    @Test
    void shouldRethrowHandlerExceptionAfterDispatchAndStopEarly()
    {
        final MemorySegment pcap = Pcap.openOffline(benignMix().toString());
        try
        {
            final IllegalStateException boom = new IllegalStateException("handler failed");
            final int[] calls = new int[1];
            final IllegalStateException thrown = assertThrows(
                IllegalStateException.class,
                () -> Pcap.dispatch(pcap, -1, (memory, header, data) ->
                {
                    if (++calls[0] == 3)
                    {
                        throw boom;
                    }
                }));

            assertSame(boom, thrown);
            assertEquals(3, calls[0], "no packet handed over after the failure");
            // libpcap leaves the break request pending: the next call consumes it and no packet.
            final LengthRecorder rest = new LengthRecorder();
            assertEquals(Pcap.PCAP_ERROR_BREAK, Pcap.dispatch(pcap, -1, rest));
            assertEquals(0, rest.caplens.size());
            // The handle stays usable: the rest of the file is still there.
            while (Pcap.dispatch(pcap, -1, rest) > 0)
            {
                // until end of file
            }
            assertEquals(BENIGN_MIX_PACKETS - 3, rest.caplens.size());
        }
        finally
        {
            Pcap.close(pcap);
        }
    }

    @Test
    void shouldNameCallAndPcapMessageWhenFileIsMissing()
    {
        final String path = tempDir.resolve("missing.pcap").toString();

        final PcapException e = assertThrows(PcapException.class, () -> Pcap.openOffline(path));

        assertEquals(Pcap.PCAP_ERROR, e.status());
        assertTrue(e.getMessage().startsWith("pcap_open_offline(\"" + path + "\") failed: PCAP_ERROR (-1): "), e.getMessage());
        assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
    }

    @Test
    void shouldNameCallAndPcapMessageWhenFilterDoesNotCompile()
    {
        final MemorySegment pcap = Pcap.openOffline(benignMix().toString());
        try
        {
            final PcapException e = assertThrows(
                PcapException.class, () -> Pcap.setFilter(pcap, "tcp port nonsense-port", Pcap.PCAP_NETMASK_UNKNOWN));

            assertTrue(e.getMessage().startsWith("pcap_compile(\"tcp port nonsense-port\") failed: PCAP_ERROR (-1): "),
                e.getMessage());
        }
        finally
        {
            Pcap.close(pcap);
        }
    }

    @Test
    void shouldCompileOnDeadHandleAndSelectSamePacketsAsKernelStyleFilter()
    {
        final LengthRecorder viaSetFilter = new LengthRecorder();
        final MemorySegment file = Pcap.openOffline(benignMix().toString());
        try
        {
            Pcap.setFilter(file, "icmp or arp", Pcap.PCAP_NETMASK_UNKNOWN);
            while (Pcap.dispatch(file, -1, viaSetFilter) > 0)
            {
                // until end of file
            }
        }
        finally
        {
            Pcap.close(file);
        }

        final LengthRecorder viaOfflineFilter = new LengthRecorder();
        final MemorySegment dead = Pcap.openDead(Pcap.DLT_EN10MB, 65535, Pcap.PCAP_TSTAMP_PRECISION_MICRO);
        final MemorySegment reread = Pcap.openOffline(benignMix().toString());
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment program = BpfProgram.allocate(arena);
            Pcap.compile(dead, program, "icmp or arp", true, Pcap.PCAP_NETMASK_UNKNOWN);
            try
            {
                assertTrue(BpfProgram.bf_len(program) > 0, "compiled to instructions");
                while (Pcap.dispatch(reread, -1, (memory, header, data) ->
                {
                    if (Pcap.offlineFilter(program, header, data))
                    {
                        viaOfflineFilter.onPacket(memory, header, data);
                    }
                }) > 0)
                {
                    // until end of file
                }

                final PcapException e = assertThrows(PcapException.class, () -> Pcap.setFilter(dead, program, "icmp or arp"));
                assertEquals("pcap_setfilter(\"icmp or arp\") failed: PCAP_ERROR (-1): " + Pcap.geterr(dead), e.getMessage());
            }
            finally
            {
                Pcap.freeCode(program);
            }
        }
        finally
        {
            Pcap.close(reread);
            Pcap.close(dead);
        }

        assertTrue(viaSetFilter.caplens.size() > 0 && viaSetFilter.caplens.size() < BENIGN_MIX_PACKETS,
            "icmp or arp is a strict, non-empty subset: " + viaSetFilter.caplens.size());
        assertEquals(viaSetFilter.timestampsMicros, viaOfflineFilter.timestampsMicros);
    }

    @Test
    void shouldCarryPcapErrorTextWhenFilterDoesNotCompileOnDeadHandle()
    {
        final MemorySegment dead = Pcap.openDead(Pcap.DLT_EN10MB, 65535, Pcap.PCAP_TSTAMP_PRECISION_MICRO);
        try (Arena arena = Arena.ofConfined())
        {
            final PcapException e = assertThrows(
                PcapException.class,
                () -> Pcap.compile(dead, BpfProgram.allocate(arena), "udp and and port 53", true, Pcap.PCAP_NETMASK_UNKNOWN));

            final String pcapText = Pcap.geterr(dead);
            assertTrue(pcapText.contains("syntax error"), pcapText);
            assertEquals("pcap_compile(\"udp and and port 53\") failed: PCAP_ERROR (-1): " + pcapText, e.getMessage());
            assertEquals(Pcap.PCAP_ERROR, e.status());
        }
        finally
        {
            Pcap.close(dead);
        }
    }

    @Test
    void shouldApplyFilterToDispatchedPackets()
    {
        final MemorySegment pcap = Pcap.openOffline(benignMix().toString());
        try
        {
            Pcap.setFilter(pcap, "arp", Pcap.PCAP_NETMASK_UNKNOWN);
            final LengthRecorder recorder = new LengthRecorder();
            while (Pcap.dispatch(pcap, -1, recorder) > 0)
            {
                // until end of file
            }
            assertTrue(recorder.caplens.size() > 0 && recorder.caplens.size() < BENIGN_MIX_PACKETS,
                "arp is a strict, non-empty subset: " + recorder.caplens.size());
            assertEquals(List.of(0x0806), recorder.etherTypes.stream().distinct().toList());
        }
        finally
        {
            Pcap.close(pcap);
        }
    }

    @Test
    void shouldWriteDispatchedPacketsToDumpFileThatReadsBackIdentically() throws IOException
    {
        final Path copy = tempDir.resolve("copy.pcap");
        final LengthRecorder original = new LengthRecorder();
        final MemorySegment source = Pcap.openOffline(benignMix().toString());
        try
        {
            final MemorySegment dumper = Pcap.dumpOpen(source, copy.toString());
            try
            {
                while (Pcap.dispatch(source, 64, (memory, header, data) ->
                {
                    original.onPacket(memory, header, data);
                    Pcap.dumpAddresses(dumper, header, data);
                }) > 0)
                {
                    // until end of file
                }
                Pcap.dumpFlush(dumper);
            }
            finally
            {
                Pcap.dumpClose(dumper);
            }
        }
        finally
        {
            Pcap.close(source);
        }

        final LengthRecorder readBack = new LengthRecorder();
        final MemorySegment pcap = Pcap.openOffline(copy.toString());
        try
        {
            assertEquals(Pcap.DLT_EN10MB, Pcap.datalink(pcap));
            while (Pcap.dispatch(pcap, -1, readBack) > 0)
            {
                // until end of file
            }
        }
        finally
        {
            Pcap.close(pcap);
        }

        assertEquals(BENIGN_MIX_PACKETS, readBack.caplens.size());
        assertEquals(original.caplens, readBack.caplens);
        assertEquals(original.lens, readBack.lens);
        assertEquals(original.etherTypes, readBack.etherTypes);
        assertEquals(original.timestampsMicros, readBack.timestampsMicros);
        assertTrue(original.timestampsMicros.get(0) > 0, "timestamps were read, not left zero");
    }

    @Test
    void shouldWriteSegmentHeaderAndDataThroughDumpAndKeepNanosecondTimestamp()
    {
        final Path file = tempDir.resolve("one.pcap");
        final byte[] frame = new byte[]{ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0x08, 0x00, 0x45, 0 };
        final MemorySegment dead = Pcap.openDead(Pcap.DLT_EN10MB, 65535, Pcap.PCAP_TSTAMP_PRECISION_NANO);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment dumper = Pcap.dumpOpen(dead, file.toString());
            final MemorySegment header = PcapPkthdr.allocate(arena);
            PcapPkthdr.tv_sec(header, 0, 1_700_000_000L);
            PcapPkthdr.tv_usec(header, 0, 123_456_789L);
            PcapPkthdr.caplen(header, 0, frame.length);
            PcapPkthdr.len(header, 0, 1500);
            Pcap.dump(dumper, header, arena.allocateFrom(ValueLayout.JAVA_BYTE, frame));
            Pcap.dumpClose(dumper);
        }
        finally
        {
            Pcap.close(dead);
        }

        final MemorySegment pcap = Pcap.openOffline(file.toString(), Pcap.PCAP_TSTAMP_PRECISION_NANO);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment headerSlot = Pcap.allocateSlot(arena);
            final MemorySegment dataSlot = Pcap.allocateSlot(arena);
            assertEquals(1, Pcap.nextEx(pcap, headerSlot, dataSlot));
            final long header = Pcap.slotAddress(headerSlot);
            assertEquals(1_700_000_000L, PcapPkthdr.tv_sec(Pcap.PACKET_MEMORY, header));
            assertEquals(123_456_789L, PcapPkthdr.tv_usec(Pcap.PACKET_MEMORY, header));
            assertEquals(frame.length, PcapPkthdr.caplen(Pcap.PACKET_MEMORY, header));
            assertEquals(1500, PcapPkthdr.len(Pcap.PACKET_MEMORY, header));
            assertArrayEquals(frame, Pcap.PACKET_MEMORY.asSlice(Pcap.slotAddress(dataSlot), frame.length)
                .toArray(ValueLayout.JAVA_BYTE));
            assertEquals(Pcap.PCAP_ERROR_BREAK, Pcap.nextEx(pcap, headerSlot, dataSlot));
        }
        finally
        {
            Pcap.close(pcap);
        }
    }

    @Test
    void shouldMapEachDataLinkTypeToTheLinkTypeLibpcapWritesInFiles() throws IOException
    {
        final int[][] dltToLinkType = {
            { Pcap.DLT_NULL, LinkType.NULL },
            { Pcap.DLT_EN10MB, LinkType.ETHERNET },
            { Pcap.DLT_RAW, LinkType.RAW },
            { Pcap.DLT_LINUX_SLL, LinkType.LINUX_SLL },
            { Pcap.DLT_IPV4, LinkType.IPV4 },
            { Pcap.DLT_IPV6, LinkType.IPV6 },
            { Pcap.DLT_LINUX_SLL2, LinkType.LINUX_SLL2 },
        };
        for (final int[] pair : dltToLinkType)
        {
            final Path file = tempDir.resolve("dlt" + pair[0] + ".pcap");
            final MemorySegment dead = Pcap.openDead(pair[0], 65535, Pcap.PCAP_TSTAMP_PRECISION_MICRO);
            try
            {
                Pcap.dumpClose(Pcap.dumpOpen(dead, file.toString()));
            }
            finally
            {
                Pcap.close(dead);
            }
            // pcap file header: magic, version, thiszone, sigfigs, snaplen, then the link type at offset 20.
            final ByteBuffer fileHeader = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.nativeOrder());
            assertEquals(pair[1], fileHeader.getInt(20) & 0x0FFF_FFFF, "link type written for DLT " + pair[0]);
            assertEquals(pair[1], LinkType.fromDlt(pair[0]));
        }
    }

    @Test
    void shouldFailStatsOnFileHandleWithPcapMessage()
    {
        final MemorySegment pcap = Pcap.openOffline(benignMix().toString());
        try (Arena arena = Arena.ofConfined())
        {
            final PcapException e = assertThrows(PcapException.class, () -> Pcap.stats(pcap, PcapStat.allocate(arena)));
            assertTrue(e.getMessage().startsWith("pcap_stats() failed: PCAP_ERROR (-1): "), e.getMessage());
            assertTrue(e.getMessage().length() > "pcap_stats() failed: PCAP_ERROR (-1): ".length(), e.getMessage());
        }
        finally
        {
            Pcap.close(pcap);
        }
    }

    @Test
    void shouldNameDeviceErrorWhenActivatingNonexistentInterface()
    {
        final MemorySegment pcap = Pcap.create("fta-nosuch0");
        try
        {
            Pcap.setSnaplen(pcap, 256);
            Pcap.setPromisc(pcap, false);
            Pcap.setTimeout(pcap, 100);
            Pcap.setBufferSize(pcap, 1 << 20);
            Pcap.setImmediateMode(pcap, true);
            Pcap.setTstampPrecision(pcap, Pcap.PCAP_TSTAMP_PRECISION_NANO);

            final PcapException e = assertThrows(PcapException.class, () -> Pcap.activate(pcap, "fta-nosuch0"));

            assertEquals(Pcap.PCAP_ERROR_NO_SUCH_DEVICE, e.status());
            assertTrue(e.getMessage().startsWith(
                "pcap_activate(\"fta-nosuch0\") failed: PCAP_ERROR_NO_SUCH_DEVICE (-5): No such device exists"),
                e.getMessage());
        }
        finally
        {
            Pcap.close(pcap);
        }
    }

    @Test
    void shouldRefuseSettingOptionsAfterActivation()
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: activates a live capture on lo");
        final MemorySegment pcap = Pcap.create("lo");
        try
        {
            Pcap.setTimeout(pcap, 10);
            assertEquals(0, Pcap.activate(pcap));
            assertTrue(Pcap.selectableFd(pcap) >= 0);
            Pcap.setNonblock(pcap, true);

            final PcapException e = assertThrows(PcapException.class, () -> Pcap.setSnaplen(pcap, 128));
            assertEquals(Pcap.PCAP_ERROR_ACTIVATED, e.status());
            assertTrue(e.getMessage().contains("pcap_set_snaplen(128) failed: PCAP_ERROR_ACTIVATED (-4)"), e.getMessage());
        }
        finally
        {
            Pcap.close(pcap);
        }
    }

    /** Collects lengths and ethertypes; the pattern a real handler follows, minus the lists. */
    private static final class LengthRecorder implements PcapHandler
    {
        final List<Integer> caplens = new ArrayList<>();
        final List<Integer> lens = new ArrayList<>();
        final List<Integer> etherTypes = new ArrayList<>();
        final List<Long> timestampsMicros = new ArrayList<>();
        boolean firstEtherTypeSeen;

        @Override
        public void onPacket(final MemorySegment memory, final long header, final long data)
        {
            final int caplen = PcapPkthdr.caplen(memory, header);
            caplens.add(caplen);
            lens.add(PcapPkthdr.len(memory, header));
            timestampsMicros.add(PcapPkthdr.tv_sec(memory, header) * 1_000_000L + PcapPkthdr.tv_usec(memory, header));
            if (caplen >= 14)
            {
                final int etherType = Short.toUnsignedInt(
                    memory.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), data + 12));
                etherTypes.add(etherType);
                firstEtherTypeSeen = true;
            }
        }
    }
}
