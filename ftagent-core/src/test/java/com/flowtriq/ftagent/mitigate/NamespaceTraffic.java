package com.flowtriq.ftagent.mitigate;

import com.flowtriq.ftagent.testbed.FrameSender;
import com.flowtriq.ftagent.testbed.NetnsTestBed;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Sends spoofed-source traffic from tx and counts what a UDP socket in rx receives per source.
 */
final class NamespaceTraffic
{
    private NamespaceTraffic()
    {
    }

    static DatagramChannel openSocket(final NetnsTestBed bed) throws Exception
    {
        return bed.callInRx(() ->
        {
            final DatagramChannel channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress(bed.rxAddress(), NftDropSourcesNamespaceTest.UDP_PORT));
            channel.configureBlocking(false);
            return channel;
        });
    }

    static Map<IpAddress, Integer> sendAndReceive(
        final NetnsTestBed bed, final DatagramChannel socket, final List<IpAddress> attackers, final IpAddress safe, final int sequenceBase) throws Exception
    {
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            for (final IpAddress attacker : attackers)
            {
                frames.add(SpoofedFrames.udp(bed, attacker, NftDropSourcesNamespaceTest.UDP_PORT, sequenceBase + i));
            }
        }
        for (int i = 0; i < 5; i++)
        {
            // the safelisted source goes last: once its datagrams are in, the earlier ones have been decided
            frames.add(SpoofedFrames.udp(bed, safe, NftDropSourcesNamespaceTest.UDP_PORT, sequenceBase + i));
        }
        send(bed, frames);

        final Map<IpAddress, Integer> received = new HashMap<>();
        final ByteBuffer buffer = ByteBuffer.allocate(64);
        final long deadline = System.nanoTime() + 5_000_000_000L;
        // Delivery order across sources is not guaranteed (the sender may move between CPUs mid-batch), so the
        // safelisted source arriving is not proof the others were decided: after it, keep reading until every
        // source is complete or a grace period passes. A blocked source thus gets the same chance to show up.
        long graceEnd = Long.MAX_VALUE;
        while (!complete(received, attackers, safe) && System.nanoTime() < Math.min(deadline, graceEnd))
        {
            buffer.clear();
            final InetSocketAddress from = (InetSocketAddress)socket.receive(buffer);
            if (null == from)
            {
                if (Long.MAX_VALUE == graceEnd && received.getOrDefault(safe, 0) >= 5)
                {
                    graceEnd = System.nanoTime() + 300_000_000L;
                }
                Thread.sleep(5);
                continue;
            }
            received.merge(IpAddress.ofBytes(from.getAddress().getAddress()), 1, Integer::sum);
        }
        return received;
    }

    private static boolean complete(
        final Map<IpAddress, Integer> received, final List<IpAddress> attackers, final IpAddress safe)
    {
        for (final IpAddress attacker : attackers)
        {
            if (received.getOrDefault(attacker, 0) < 5)
            {
                return false;
            }
        }
        return received.getOrDefault(safe, 0) >= 5;
    }

    static void sendSynFlood(final NetnsTestBed bed, final List<IpAddress> attackers, final int count) throws Exception
    {
        final List<byte[]> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            frames.add(SpoofedFrames.syn(bed, attackers.get(i % attackers.size()), 80, i));
        }
        send(bed, frames);
    }

    static void send(final NetnsTestBed bed, final List<byte[]> frames) throws Exception
    {
        final int sent = bed.callInTx(() ->
        {
            try (FrameSender sender = FrameSender.open(bed.txInterface()))
            {
                return sender.send(frames);
            }
        });
        assertEquals(frames.size(), sent);
    }
}
