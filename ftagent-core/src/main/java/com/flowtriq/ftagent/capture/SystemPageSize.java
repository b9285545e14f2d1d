package com.flowtriq.ftagent.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The page size of the running kernel, which ring blocks must be a multiple of.
 *
 * <p>Read once from the ELF auxiliary vector the kernel gave the process ({@code /proc/self/auxv}, entry
 * {@code AT_PAGESZ}): the same value {@code sysconf(_SC_PAGESIZE)} returns, without a native call. The auxiliary
 * vector is a sequence of {@code (unsigned long type, unsigned long value)} pairs in native byte order, ended by
 * {@code AT_NULL}. Thread safe: the value is computed once in a static initialiser.
 */
public final class SystemPageSize
{
    /** {@code AT_NULL} from {@code elf.h}: ends the vector. */
    static final long AT_NULL = 0;
    /** {@code AT_PAGESZ} from {@code elf.h}: the system page size. */
    static final long AT_PAGESZ = 6;

    private static final Path AUXV = Path.of("/proc/self/auxv");
    private static final int PAGE_SIZE = readPageSize(AUXV);

    private SystemPageSize()
    {
    }

    /**
     * @return the kernel page size in bytes, for example 4096.
     */
    public static int pageSize()
    {
        return PAGE_SIZE;
    }

    /**
     * Parses an auxiliary vector of 64-bit entries.
     *
     * @param auxv the bytes of {@code /proc/self/auxv}.
     * @return the {@code AT_PAGESZ} value, or -1 if the vector has none.
     */
    static int pageSizeFrom(final byte[] auxv)
    {
        final ByteBuffer entries = ByteBuffer.wrap(auxv).order(ByteOrder.nativeOrder());
        while (entries.remaining() >= 2 * Long.BYTES)
        {
            final long type = entries.getLong();
            final long value = entries.getLong();
            if (AT_NULL == type)
            {
                break;
            }
            if (AT_PAGESZ == type)
            {
                return Math.toIntExact(value);
            }
        }
        return -1;
    }

    private static int readPageSize(final Path auxv)
    {
        try
        {
            final int pageSize = pageSizeFrom(Files.readAllBytes(auxv));
            if (pageSize <= 0 || Integer.bitCount(pageSize) != 1)
            {
                throw new IllegalStateException(auxv + " has no valid AT_PAGESZ entry (found " + pageSize + ")");
            }
            return pageSize;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the page size from " + auxv, ex);
        }
    }
}
