package com.flowtriq.ftagent.capture;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Thrown when a file given as a capture cannot be read as one: not a pcap or pcapng file, an unsupported
 * version, or a pcapng file whose link type cannot be learned. The message names the path and what was found.
 * Corruption found while reading packets is never thrown: it stops the source and is counted.
 */
public final class PcapFileFormatException extends IOException
{
    private static final long serialVersionUID = 1L;

    public PcapFileFormatException(final Path path, final String whatWasFound)
    {
        super(path + ": " + whatWasFound);
    }
}
