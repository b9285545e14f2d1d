package com.flowtriq.ftagent.ffi;

/**
 * No libpcap shared library could be loaded. The message lists every soname tried and why each failed, so the
 * operator knows which package to install (Debian/Ubuntu: {@code libpcap0.8}; RHEL/Fedora: {@code libpcap}).
 */
public final class PcapLibraryNotFoundException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message the sonames tried and the loader's reasons.
     */
    public PcapLibraryNotFoundException(final String message)
    {
        super(message);
    }
}
