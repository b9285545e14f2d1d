package com.flowtriq.ftagent.ffi;

/**
 * A libpcap call failed. The message names the call (with the device or file), the status code's name and
 * libpcap's own text, for example
 * {@code "pcap_activate(\"eth9\") failed: PCAP_ERROR_NO_SUCH_DEVICE (-5): eth9: No such device exists (...)"}.
 *
 * <p>Thrown on cold paths (open, activate, filter) and for real errors from {@code pcap_dispatch} /
 * {@code pcap_next_ex}; normal outcomes such as a timeout or end of file are return values.
 */
public final class PcapException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int status;

    /**
     * @param call   the call and its identifying argument, for example {@code "pcap_open_offline(\"a.pcap\")"}.
     * @param status the {@code PCAP_ERROR*} value, or {@link Pcap#PCAP_ERROR} for calls that only fill errbuf.
     * @param detail libpcap's message (pcap_geterr or errbuf), may be empty.
     * @param hint   what the operator can do, or null.
     */
    public PcapException(final String call, final int status, final String detail, final String hint)
    {
        super(message(call, status, detail, hint));
        this.call = call;
        this.status = status;
    }

    /**
     * @return the call and its identifying argument.
     */
    public String call()
    {
        return call;
    }

    /**
     * @return the {@code PCAP_ERROR*} status code (negative).
     */
    public int status()
    {
        return status;
    }

    /**
     * @return the symbolic name of {@link #status()}.
     */
    public String statusName()
    {
        return Pcap.statusName(status);
    }

    private static String message(final String call, final int status, final String detail, final String hint)
    {
        final StringBuilder sb = new StringBuilder(128)
            .append(call).append(" failed: ").append(Pcap.statusName(status)).append(" (").append(status).append(')');
        if (null != detail && !detail.isEmpty())
        {
            sb.append(": ").append(detail);
        }
        if (null != hint)
        {
            sb.append(" (").append(hint).append(')');
        }
        return sb.toString();
    }
}
