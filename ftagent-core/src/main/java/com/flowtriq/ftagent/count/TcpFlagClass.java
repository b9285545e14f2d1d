package com.flowtriq.ftagent.count;

/**
 * Class of the TCP flags of a segment, counted for records of {@link Protocol#TCP} (not for TCP inside GRE, so that
 * the flag classes of a window always sum to its TCP packets).
 *
 * <p>Only the six classic flags take part: FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20. ECE (0x40)
 * and CWR (0x80) are ignored, so an ECN-setup SYN is still a {@link #SYN}. The rules are tried in this order and
 * the first that matches wins:
 * <ol>
 *     <li>{@link #NULL}: none of the six flags.</li>
 *     <li>{@link #XMAS}: FIN, PSH and URG all set (other flags may be set too).</li>
 *     <li>{@link #SYN}: SYN set; ACK, FIN and RST clear (PSH/URG allowed).</li>
 *     <li>{@link #SYN_ACK}: SYN and ACK set; FIN and RST clear.</li>
 *     <li>{@link #RST}: RST set, SYN clear (RST and RST-ACK, with anything else).</li>
 *     <li>{@link #FIN}: FIN set; SYN and RST clear (FIN, FIN-ACK, FIN-PSH-ACK).</li>
 *     <li>{@link #URG}: URG set; SYN, RST and FIN clear.</li>
 *     <li>{@link #PSH_ACK}: PSH and ACK set; SYN, RST, FIN and URG clear.</li>
 *     <li>{@link #ACK}: exactly ACK.</li>
 *     <li>{@link #OTHER}: anything else (SYN+FIN, SYN+RST, PSH alone...).</li>
 * </ol>
 */
public enum TcpFlagClass
{
    SYN,
    SYN_ACK,
    ACK,
    RST,
    FIN,
    PSH_ACK,
    URG,
    NULL,
    XMAS,
    OTHER;

    /** Number of classes; the ordinals are 0 .. COUNT-1. */
    public static final int COUNT = 10;

    public static final int FIN_FLAG = 0x01;
    public static final int SYN_FLAG = 0x02;
    public static final int RST_FLAG = 0x04;
    public static final int PSH_FLAG = 0x08;
    public static final int ACK_FLAG = 0x10;
    public static final int URG_FLAG = 0x20;

    private static final TcpFlagClass[] VALUES = values();

    /** The class of ordinal {@code ordinal}; cold path. */
    public static TcpFlagClass ofOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }

    /** Classifies the TCP flags byte by the rules above. Used to build the counting lookup table; cold path. */
    public static TcpFlagClass classify(final int tcpFlags)
    {
        final int f = tcpFlags & 0x3F;
        final boolean fin = (f & FIN_FLAG) != 0;
        final boolean syn = (f & SYN_FLAG) != 0;
        final boolean rst = (f & RST_FLAG) != 0;
        final boolean psh = (f & PSH_FLAG) != 0;
        final boolean ack = (f & ACK_FLAG) != 0;
        final boolean urg = (f & URG_FLAG) != 0;

        if (f == 0)
        {
            return NULL;
        }
        if (fin && psh && urg)
        {
            return XMAS;
        }
        if (syn && !ack && !fin && !rst)
        {
            return SYN;
        }
        if (syn && ack && !fin && !rst)
        {
            return SYN_ACK;
        }
        if (rst && !syn)
        {
            return RST;
        }
        if (fin && !syn && !rst)
        {
            return FIN;
        }
        if (urg && !syn && !rst && !fin)
        {
            return URG;
        }
        if (psh && ack && !syn && !rst && !fin && !urg)
        {
            return PSH_ACK;
        }
        if (f == ACK_FLAG)
        {
            return ACK;
        }

        return OTHER;
    }
}
