package com.flowtriq.ftagent.capture;

import com.flowtriq.ftagent.ffi.Libc;
import com.flowtriq.ftagent.ffi.SockaddrLl;
import com.flowtriq.ftagent.ffi.Tpacket3Hdr;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a TPACKET_V3 receive ring: {@code blockCount} blocks of {@code blockSize} bytes, each retired to
 * user space when full or after {@code blockTimeoutMillis}. Immutable.
 *
 * <pre>
 *  ring (blockCount x blockSize bytes, one mmap)
 *  +-----------------------------+-----------------------------+-- ... --+
 *  | block 0                     | block 1                     |         |
 *  | tpacket_block_desc          |                             |         |
 *  | tpacket3_hdr + frame + pad  |                             |         |
 *  | tpacket3_hdr + frame + pad  |                             |         |
 *  | ...           (free space)  |                             |         |
 *  +-----------------------------+-----------------------------+-- ... --+
 * </pre>
 *
 * <p>In TPACKET_V3 frames are packed back to back in a block, whatever their length; {@code frameSize} only
 * feeds the kernel's bookkeeping ({@code tp_frame_nr}), so the default suits every Ethernet MTU.
 *
 * <p>{@link #validate(int)} applies the checks of the kernel's {@code packet_set_ring} before any system call,
 * so that a bad value is reported by name instead of as a bare EINVAL:
 * <ul>
 *     <li>{@code tp_block_size} is positive and a multiple of the page size;</li>
 *     <li>{@code tp_frame_size} is at least {@link #TPACKET3_HDRLEN} and a multiple of
 *     {@link Libc#TPACKET_ALIGNMENT};</li>
 *     <li>{@code tp_frame_size} is at most {@code tp_block_size} (at least one frame per block);</li>
 *     <li>{@code tp_block_nr} is at least 1 and {@code tp_frame_nr = tp_block_size / tp_frame_size *
 *     tp_block_nr} fits in 32 unsigned bits;</li>
 *     <li>{@code tp_retire_blk_tov} is not negative (0 lets the kernel choose from the link speed).</li>
 * </ul>
 * and one rule of ours: {@code tp_block_size} is a multiple of {@code tp_frame_size}, so that the kernel's frame
 * count describes the whole block.
 */
public final class RingGeometry
{
    /** Default block size: 1 MiB, a power of two (the kernel allocates blocks in power-of-two page orders). */
    public static final int DEFAULT_BLOCK_SIZE = 1 << 20;
    /** Default block count: 64 blocks, a 64 MiB ring, about 45 ms of a 1 Mpps flood of 64-byte frames. */
    public static final int DEFAULT_BLOCK_COUNT = 64;
    /** Default frame size: 2048, enough for a 1514-byte frame plus headers. */
    public static final int DEFAULT_FRAME_SIZE = 2048;
    /** Default block retire timeout: 10 ms, the longest a frame waits in a partly filled block. */
    public static final int DEFAULT_BLOCK_TIMEOUT_MILLIS = 10;

    /**
     * {@code TPACKET3_HDRLEN}: {@code TPACKET_ALIGN(sizeof(struct tpacket3_hdr)) + sizeof(struct sockaddr_ll)},
     * the least frame size the kernel accepts for TPACKET_V3 (with no {@code PACKET_RESERVE}).
     */
    public static final int TPACKET3_HDRLEN =
        (int)(align((int)Tpacket3Hdr.sizeof(), Libc.TPACKET_ALIGNMENT) + SockaddrLl.sizeof());

    /** The defaults above: 64 x 1 MiB blocks, 2048-byte frames, 10 ms timeout. */
    public static final RingGeometry DEFAULT = new RingGeometry(
        DEFAULT_BLOCK_SIZE, DEFAULT_BLOCK_COUNT, DEFAULT_FRAME_SIZE, DEFAULT_BLOCK_TIMEOUT_MILLIS);

    private static final long UNSIGNED_INT_MAX = 0xFFFF_FFFFL;

    private final int blockSize;
    private final int blockCount;
    private final int frameSize;
    private final int blockTimeoutMillis;

    private RingGeometry(final int blockSize, final int blockCount, final int frameSize, final int blockTimeoutMillis)
    {
        this.blockSize = blockSize;
        this.blockCount = blockCount;
        this.frameSize = frameSize;
        this.blockTimeoutMillis = blockTimeoutMillis;
    }

    /**
     * A geometry, not yet validated: call {@link #validate(int)} (the sources do, before any system call).
     *
     * @param blockSize          bytes per block ({@code tp_block_size}).
     * @param blockCount         number of blocks ({@code tp_block_nr}).
     * @param frameSize          frame size for the kernel's bookkeeping ({@code tp_frame_size}).
     * @param blockTimeoutMillis block retire timeout ({@code tp_retire_blk_tov}); 0 lets the kernel choose.
     * @return the geometry.
     */
    public static RingGeometry of(
        final int blockSize, final int blockCount, final int frameSize, final int blockTimeoutMillis)
    {
        return new RingGeometry(blockSize, blockCount, frameSize, blockTimeoutMillis);
    }

    /**
     * @return bytes per block, {@code tp_block_size}.
     */
    public int blockSize()
    {
        return blockSize;
    }

    /**
     * @return number of blocks, {@code tp_block_nr}.
     */
    public int blockCount()
    {
        return blockCount;
    }

    /**
     * @return {@code tp_frame_size}.
     */
    public int frameSize()
    {
        return frameSize;
    }

    /**
     * @return {@code tp_retire_blk_tov} in milliseconds; 0 lets the kernel choose.
     */
    public int blockTimeoutMillis()
    {
        return blockTimeoutMillis;
    }

    /**
     * @return {@code tp_block_size / tp_frame_size}; 0 when the frame size is out of range.
     */
    public int framesPerBlock()
    {
        return frameSize > 0 ? blockSize / frameSize : 0;
    }

    /**
     * @return {@code tp_frame_nr}, the frames per block times the block count (unsigned 32 bits in the kernel).
     */
    public long frameCount()
    {
        return (long)framesPerBlock() * blockCount;
    }

    /**
     * @return the length of the ring mapping, {@code tp_block_size * tp_block_nr}.
     */
    public long ringBytes()
    {
        return (long)blockSize * blockCount;
    }

    /**
     * Every rule this geometry breaks, each naming the field, its value and the rule.
     *
     * @param pageSize the kernel page size, see {@link SystemPageSize#pageSize()}.
     * @return the violations, empty when the geometry is valid.
     */
    public List<String> violations(final int pageSize)
    {
        final List<String> violations = new ArrayList<>();
        if (blockSize <= 0 || 0 != blockSize % pageSize)
        {
            violations.add("tp_block_size=" + blockSize + " must be a positive multiple of the page size " + pageSize);
        }
        if (frameSize < TPACKET3_HDRLEN)
        {
            violations.add("tp_frame_size=" + frameSize + " must be at least TPACKET3_HDRLEN=" + TPACKET3_HDRLEN +
                " (tpacket3_hdr + sockaddr_ll)");
        }
        if (0 != frameSize % Libc.TPACKET_ALIGNMENT)
        {
            violations.add("tp_frame_size=" + frameSize + " must be a multiple of TPACKET_ALIGNMENT=" +
                Libc.TPACKET_ALIGNMENT);
        }
        if (frameSize > 0 && blockSize > 0)
        {
            if (frameSize > blockSize)
            {
                violations.add("tp_frame_size=" + frameSize + " must not exceed tp_block_size=" + blockSize +
                    " (at least one frame per block)");
            }
            else if (0 != blockSize % frameSize)
            {
                violations.add("tp_block_size=" + blockSize + " must be a multiple of tp_frame_size=" + frameSize);
            }
        }
        if (blockCount < 1)
        {
            violations.add("tp_block_nr=" + blockCount + " must be at least 1");
        }
        else if (frameCount() > UNSIGNED_INT_MAX)
        {
            violations.add("tp_frame_nr=" + frameCount() + " (tp_block_size / tp_frame_size * tp_block_nr) must fit " +
                "in 32 bits");
        }
        if (blockTimeoutMillis < 0)
        {
            violations.add("tp_retire_blk_tov=" + blockTimeoutMillis + " must not be negative (0 = kernel default)");
        }
        return violations;
    }

    /**
     * Checks this geometry against the kernel's rules.
     *
     * @param pageSize the kernel page size, see {@link SystemPageSize#pageSize()}.
     * @return this geometry.
     * @throws IllegalArgumentException naming every rule broken.
     */
    public RingGeometry validate(final int pageSize)
    {
        final List<String> violations = violations(pageSize);
        if (!violations.isEmpty())
        {
            throw new IllegalArgumentException("invalid TPACKET_V3 ring geometry " + this + ": " +
                String.join("; ", violations));
        }
        return this;
    }

    /**
     * @return for example {@code "64x1MiB frame=2048 timeout=10ms"}.
     */
    @Override
    public String toString()
    {
        return blockCount + "x" + sizeText(blockSize) + " frame=" + frameSize + " timeout=" + blockTimeoutMillis + "ms";
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof RingGeometry that && blockSize == that.blockSize && blockCount == that.blockCount &&
            frameSize == that.frameSize && blockTimeoutMillis == that.blockTimeoutMillis;
    }

    @Override
    public int hashCode()
    {
        return ((blockSize * 31 + blockCount) * 31 + frameSize) * 31 + blockTimeoutMillis;
    }

    private static String sizeText(final int bytes)
    {
        if (bytes > 0 && 0 == bytes % (1 << 20))
        {
            return (bytes >> 20) + "MiB";
        }
        if (bytes > 0 && 0 == bytes % (1 << 10))
        {
            return (bytes >> 10) + "KiB";
        }
        return bytes + "B";
    }

    private static long align(final int value, final int alignment)
    {
        return ((long)value + alignment - 1) & -(long)alignment;
    }
}
