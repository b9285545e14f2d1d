package com.flowtriq.ftagent.capture;

/**
 * A packet source could not be opened. The message is written for the operator: what failed, why, and what to
 * do about it. {@link #reason()} lets callers (the CLI, tests) tell the cases apart without parsing text.
 * Thrown on the cold path only, when a source is opened.
 */
public final class CaptureOpenException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** Why a source could not be opened. */
    public enum Reason
    {
        /** The named interface does not exist in the caller's network namespace. */
        NO_SUCH_INTERFACE,
        /** The process lacks CAP_NET_RAW (or the capability set libpcap needs). */
        PERMISSION_DENIED,
        /** The ring geometry breaks a rule, checked before any system call. */
        INVALID_RING_GEOMETRY,
        /** The kernel refused a ring, fanout or membership request that passed our checks. */
        KERNEL_REJECTED,
        /** libpcap refused to create or activate the handle. */
        LIBPCAP_FAILED,
        /** The interface's frames have a link layer the source's decoder does not read. */
        UNSUPPORTED_LINK
    }

    private final Reason reason;

    /**
     * @param reason  why the source could not be opened.
     * @param message the operator text.
     * @param cause   the underlying failure, or null.
     */
    public CaptureOpenException(final Reason reason, final String message, final Throwable cause)
    {
        super(message, cause);
        this.reason = reason;
    }

    /**
     * The operator text for a missing CAP_NET_RAW.
     *
     * @param what what was being attempted, for example {@code "capturing on eth0 with an AF_PACKET socket"}.
     * @return the text, naming CAP_NET_RAW and the ways to grant it.
     */
    public static String needsCapNetRaw(final String what)
    {
        return what + " needs CAP_NET_RAW: run as root or grant the capability, e.g. " +
            "'setcap cap_net_raw,cap_net_admin+eip' on the java binary, or " +
            "'AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN' in the systemd unit";
    }

    /**
     * @return why the source could not be opened.
     */
    public Reason reason()
    {
        return reason;
    }
}
