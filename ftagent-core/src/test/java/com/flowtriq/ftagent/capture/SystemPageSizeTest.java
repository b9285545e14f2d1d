package com.flowtriq.ftagent.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SystemPageSizeTest
{
    @Test
    void shouldFindPageSizeEntryInAuxiliaryVector()
    {
        final byte[] auxv = auxv(new long[]{ 33, 0x7fff_0000L, SystemPageSize.AT_PAGESZ, 16384, SystemPageSize.AT_NULL, 0 });

        assertEquals(16384, SystemPageSize.pageSizeFrom(auxv));
    }

    @Test
    void shouldStopAtNullEntry()
    {
        final byte[] auxv = auxv(new long[]{ SystemPageSize.AT_NULL, 0, SystemPageSize.AT_PAGESZ, 4096 });

        assertEquals(-1, SystemPageSize.pageSizeFrom(auxv));
    }

    @Test
    void shouldReadPowerOfTwoPageSizeOfRunningKernel()
    {
        final int pageSize = SystemPageSize.pageSize();

        assertTrue(pageSize >= 4096 && 1 == Integer.bitCount(pageSize), Integer.toString(pageSize));
    }

    private static byte[] auxv(final long[] words)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(words.length * Long.BYTES).order(ByteOrder.nativeOrder());
        for (final long word : words)
        {
            buffer.putLong(word);
        }
        return buffer.array();
    }
}
