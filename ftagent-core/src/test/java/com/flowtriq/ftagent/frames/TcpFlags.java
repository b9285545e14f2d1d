package com.flowtriq.ftagent.frames;

/** TCP flag bits of header byte 13, for {@link FrameBuilder#tcpFlags(int)}. */
public final class TcpFlags
{
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    private TcpFlags()
    {
    }
}
