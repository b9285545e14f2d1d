package com.flowtriq.ftagent.capture;

import com.flowtriq.ftagent.ffi.Libc;

/**
 * How the kernel spreads the frames of an interface over the sockets of one {@code PACKET_FANOUT} group. Every
 * frame goes to exactly one member of the group.
 */
public enum FanoutMode
{
    /** By flow hash, so one flow stays on one socket (and one capture thread): the default. */
    HASH(Libc.PACKET_FANOUT_HASH, "hash"),
    /** Round robin. */
    LOAD_BALANCE(Libc.PACKET_FANOUT_LB, "lb"),
    /** By the CPU the frame arrived on. */
    CPU(Libc.PACKET_FANOUT_CPU, "cpu"),
    /** To the first socket with room, rolling over to the next when a ring fills. */
    ROLLOVER(Libc.PACKET_FANOUT_ROLLOVER, "rollover"),
    /** At random. */
    RANDOM(Libc.PACKET_FANOUT_RND, "random"),
    /** By the NIC receive queue the frame arrived on. */
    QUEUE_MAPPING(Libc.PACKET_FANOUT_QM, "qm");

    private final int kernelValue;
    private final String shortName;

    FanoutMode(final int kernelValue, final String shortName)
    {
        this.kernelValue = kernelValue;
        this.shortName = shortName;
    }

    /**
     * @return the {@code PACKET_FANOUT_*} mode value.
     */
    public int kernelValue()
    {
        return kernelValue;
    }

    /**
     * @return the short name used in descriptions and configuration, for example {@code "hash"}.
     */
    public String shortName()
    {
        return shortName;
    }

    /**
     * @param shortName a name as an operator types it, e.g. {@code "hash"}.
     * @return the mode, or null when no mode has that short name.
     */
    public static FanoutMode parse(final String shortName)
    {
        for (final FanoutMode mode : values())
        {
            if (mode.shortName.equals(shortName))
            {
                return mode;
            }
        }
        return null;
    }

    /**
     * @return the short names, comma separated, for error messages and help.
     */
    public static String names()
    {
        final StringBuilder names = new StringBuilder();
        for (final FanoutMode mode : values())
        {
            if (!names.isEmpty())
            {
                names.append(", ");
            }
            names.append(mode.shortName);
        }
        return names.toString();
    }
}
