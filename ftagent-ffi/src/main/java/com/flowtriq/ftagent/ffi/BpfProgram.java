package com.flowtriq.ftagent.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct bpf_program} from {@code pcap/bpf.h}: a compiled filter, filled by {@code pcap_compile} and
 * released with {@code pcap_freecode}.
 *
 * <pre>
 *  +-------------------------------+-------------------------------+
 *  |            bf_len             |           (padding)           |  0
 *  +-------------------------------+-------------------------------+
 *  |                     bf_insns (pointer)                        |  8
 *  +---------------------------------------------------------------+ 16
 * </pre>
 */
public final class BpfProgram
{
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_INT.withName("bf_len"),
        MemoryLayout.paddingLayout(4),
        ADDRESS.withName("bf_insns")).withName("bpf_program");

    public static final long BF_LEN_OFFSET = LAYOUT.byteOffset(groupElement("bf_len"));
    public static final long BF_INSNS_OFFSET = LAYOUT.byteOffset(groupElement("bf_insns"));

    private BpfProgram()
    {
    }

    public static long sizeof()
    {
        return LAYOUT.byteSize();
    }

    public static MemorySegment allocate(final Arena arena)
    {
        return arena.allocate(LAYOUT);
    }

    /** Number of BPF instructions. */
    public static int bf_len(final MemorySegment s)
    {
        return s.get(JAVA_INT, BF_LEN_OFFSET);
    }

    public static MemorySegment bf_insns(final MemorySegment s)
    {
        return s.get(ADDRESS, BF_INSNS_OFFSET);
    }
}
