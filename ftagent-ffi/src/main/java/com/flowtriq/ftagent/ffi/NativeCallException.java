package com.flowtriq.ftagent.ffi;

/**
 * A native call returned its failure value. The message names the call (with the arguments that identify it),
 * the errno value, its symbolic name and the C library's text, for example
 * {@code "socket(AF_PACKET, SOCK_RAW, ETH_P_ALL) failed: EPERM (errno 1, Operation not permitted)"}.
 *
 * <p>Callers that react to a specific failure (retry on {@link Errno#EINTR}, explain {@link Errno#EPERM})
 * test {@link #errno()}. Thrown on cold paths only; hot paths use the {@code *Raw} calls of {@link Libc}.
 */
public final class NativeCallException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    /**
     * @param call  the call and its identifying arguments, for example {@code "bind(fd 7, ifindex 2)"}.
     * @param errno the errno value the call left.
     */
    public NativeCallException(final String call, final int errno)
    {
        this(call, errno, null);
    }

    /**
     * @param call  the call and its identifying arguments.
     * @param errno the errno value the call left.
     * @param hint  what the operator can do about it, or null.
     */
    public NativeCallException(final String call, final int errno, final String hint)
    {
        super(message(call, errno, hint));
        this.call = call;
        this.errno = errno;
    }

    /**
     * @return the call and its identifying arguments, as given.
     */
    public String call()
    {
        return call;
    }

    /**
     * @return the errno value the call left.
     */
    public int errno()
    {
        return errno;
    }

    /**
     * @return the symbolic name of {@link #errno()}, for example {@code "ENODEV"}.
     */
    public String errnoName()
    {
        return Errno.name(errno);
    }

    private static String message(final String call, final int errno, final String hint)
    {
        final String text = Libc.strerror(errno);
        final String base = call + " failed: " + Errno.name(errno) + " (errno " + errno + ", " + text + ")";
        return null == hint ? base : base + ": " + hint;
    }
}
