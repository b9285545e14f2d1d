package com.flowtriq.ftagent.decode;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FragmentTableTest
{
    private static final long SOURCE = 0xC612_0001L;
    private static final int DESTINATION = 0xC613_0001;

    @Test
    void shouldReturnPortsPackedAsSourceHighDestinationLow()
    {
        final FragmentTable table = new FragmentTable();
        table.insert(SOURCE, DESTINATION, 7, IpProtocol.UDP, 53, 65535, 0);

        assertEquals((53 << 16) | 65535, table.lookup(SOURCE, DESTINATION, 7, IpProtocol.UDP, 1));
        assertEquals(1, table.hits());
        assertEquals(1, table.inserts());
    }

    @Test
    void shouldTellApartEveryPartOfTheKey()
    {
        final FragmentTable table = new FragmentTable();
        table.insert(SOURCE, DESTINATION, 7, IpProtocol.UDP, 53, 1000, 0);

        assertEquals(FragmentTable.MISSING, table.lookup(SOURCE + 1, DESTINATION, 7, IpProtocol.UDP, 1));
        assertEquals(FragmentTable.MISSING, table.lookup(SOURCE, DESTINATION + 1, 7, IpProtocol.UDP, 1));
        assertEquals(FragmentTable.MISSING, table.lookup(SOURCE, DESTINATION, 8, IpProtocol.UDP, 1));
        assertEquals(FragmentTable.MISSING, table.lookup(SOURCE, DESTINATION, 7, IpProtocol.TCP, 1));
        assertEquals(4, table.misses());
    }

    @Test
    void shouldKeepIpv6IdentificationsThatDifferOnlyInTheHighBitApart()
    {
        final FragmentTable table = new FragmentTable();
        table.insert(SOURCE, DESTINATION, 0x8000_0001, IpProtocol.UDP, 1, 2, 0);
        table.insert(SOURCE, DESTINATION, 0x0000_0001, IpProtocol.UDP, 3, 4, 0);

        assertEquals((1 << 16) | 2, table.lookup(SOURCE, DESTINATION, 0x8000_0001, IpProtocol.UDP, 0));
        assertEquals((3 << 16) | 4, table.lookup(SOURCE, DESTINATION, 0x0000_0001, IpProtocol.UDP, 0));
    }

    @Test
    void shouldReplaceEntryOfSameKeyWithoutEvicting()
    {
        final FragmentTable table = new FragmentTable(FragmentTable.PROBE_LIMIT, 1_000);
        table.insert(SOURCE, DESTINATION, 7, IpProtocol.UDP, 1, 1, 0);
        table.insert(SOURCE, DESTINATION, 7, IpProtocol.UDP, 2, 2, 10);

        assertEquals((2 << 16) | 2, table.lookup(SOURCE, DESTINATION, 7, IpProtocol.UDP, 20));
        assertEquals(0, table.evictions());
    }

    @Test
    void shouldEvictOldestLiveEntryWhenFullAndCountIt()
    {
        final FragmentTable table = new FragmentTable(FragmentTable.PROBE_LIMIT, 1_000_000);
        for (int id = 0; id < FragmentTable.PROBE_LIMIT; id++)
        {
            table.insert(SOURCE, DESTINATION, id, IpProtocol.UDP, id, id, 100 + id);
        }
        table.insert(SOURCE, DESTINATION, 99, IpProtocol.UDP, 99, 99, 200);

        assertEquals(1, table.evictions());
        assertEquals(FragmentTable.MISSING, table.lookup(SOURCE, DESTINATION, 0, IpProtocol.UDP, 300));
        for (int id = 1; id < FragmentTable.PROBE_LIMIT; id++)
        {
            assertEquals((id << 16) | id, table.lookup(SOURCE, DESTINATION, id, IpProtocol.UDP, 300));
        }
        assertEquals((99 << 16) | 99, table.lookup(SOURCE, DESTINATION, 99, IpProtocol.UDP, 300));
    }

    @Test
    void shouldTreatEntryOlderThanTimeoutAsMissing()
    {
        final FragmentTable table = new FragmentTable(16, 1_000);
        table.insert(SOURCE, DESTINATION, 7, IpProtocol.UDP, 1, 2, 0);

        assertEquals((1 << 16) | 2, table.lookup(SOURCE, DESTINATION, 7, IpProtocol.UDP, 1_000));
        assertEquals(FragmentTable.MISSING, table.lookup(SOURCE, DESTINATION, 7, IpProtocol.UDP, 1_001));
    }

    @Test
    void shouldRejectCapacityThatIsNotAPowerOfTwoOrTooSmall()
    {
        assertThrows(IllegalArgumentException.class, () -> new FragmentTable(100, 1));
        assertThrows(IllegalArgumentException.class, () -> new FragmentTable(2, 1));
        assertThrows(IllegalArgumentException.class, () -> new FragmentTable(16, 0));
    }
}
