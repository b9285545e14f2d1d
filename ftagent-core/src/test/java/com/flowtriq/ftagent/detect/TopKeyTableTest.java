package com.flowtriq.ftagent.detect;

import com.flowtriq.ftagent.incident.TopList;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TopKeyTableTest
{
    @Test
    void shouldSumByKeyAndCopyHeaviestFirst()
    {
        final TopKeyTable table = new TopKeyTable(8);
        table.add(7, 10, 100);
        table.add(3, 50, 500);
        table.add(7, 45, 450);
        table.add(9, 55, 550);

        final TopList out = new TopList(TopList.SOURCE_ADDRESS, 2);
        table.copyTop(out);

        assertEquals(2, out.size());
        assertEquals(7, out.key(0)); // 55, tie with 9 broken by the smaller key
        assertEquals(55, out.packets(0));
        assertEquals(550, out.bytes(0));
        assertEquals(9, out.key(1));
    }

    @Test
    void shouldReplaceTheLightestEntryWhenFullAndInheritItsCount()
    {
        final TopKeyTable table = new TopKeyTable(2);
        table.add(1, 100, 0);
        table.add(2, 5, 0);
        table.add(3, 7, 0);

        assertEquals(1, table.evictions());
        assertEquals(0, table.packetsOf(2));
        assertEquals(12, table.packetsOf(3)); // an upper bound: 5 inherited + 7 seen
        assertEquals(100, table.heaviestPackets());
    }

    @Test
    void shouldSumPacketsByProtocolOfPortKeys()
    {
        final TopKeyTable table = new TopKeyTable(8);
        table.add((1L << 16) | 8, 30, 0);
        table.add((1L << 16) | 3, 10, 0);
        table.add((17L << 16) | 53, 99, 0);

        assertEquals(40, table.packetsOfProtocol(1));
        assertEquals(30, table.packetsOf((1L << 16) | 8));
    }
}
