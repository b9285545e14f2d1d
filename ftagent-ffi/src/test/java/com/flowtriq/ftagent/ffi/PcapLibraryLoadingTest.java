package com.flowtriq.ftagent.ffi;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PcapLibraryLoadingTest
{
    @Test
    void shouldListEveryNameTriedWhenNoLibraryLoads()
    {
        final String[] loaded = new String[1];
        final StringBuilder failure = new StringBuilder();

        assertNull(Pcap.loadFirst(List.of("libfta-none.so.1", "libfta-none.so"), loaded, failure));

        assertNull(loaded[0]);
        final String message = failure.toString();
        assertTrue(message.startsWith("libpcap not found: tried [libfta-none.so.1, libfta-none.so] ("), message);
        assertTrue(message.contains("libfta-none.so.1: "), message);
        assertTrue(message.contains("; libfta-none.so: "), message);
        assertTrue(message.endsWith("install the libpcap runtime package (Debian/Ubuntu: libpcap0.8, RHEL/Fedora: libpcap)"),
            message);
    }

    @Test
    void shouldLoadFirstNameTheLoaderFinds()
    {
        assumeTrue(Pcap.isAvailable(), "needs the libpcap runtime library (libpcap0.8)");
        final String[] loaded = new String[1];

        assertNotNull(Pcap.loadFirst(List.of("libfta-none.so.1", Pcap.libraryName().orElseThrow()), loaded, new StringBuilder()));

        assertEquals(Pcap.libraryName().orElseThrow(), loaded[0]);
    }

    @Test
    void shouldThrowLibraryNotFoundWithMessageFromEveryCallWhenUnavailable()
    {
        final MethodHandle handle = Pcap.throwing(
            MethodType.methodType(int.class, MemorySegment.class, int.class), "libpcap not found: tried [x]");

        final PcapLibraryNotFoundException first = assertThrows(
            PcapLibraryNotFoundException.class, () -> { final int ignored = (int)handle.invokeExact(MemorySegment.NULL, 1); });
        final PcapLibraryNotFoundException second = assertThrows(
            PcapLibraryNotFoundException.class, () -> { final int ignored = (int)handle.invokeExact(MemorySegment.NULL, 2); });

        assertEquals("libpcap not found: tried [x]", first.getMessage());
        assertEquals(first.getMessage(), second.getMessage());
    }
}
