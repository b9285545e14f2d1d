package com.flowtriq.ftagent.capture;

/**
 * Why a {@link PcapFileSource} stopped before the end of its file. Reading stops at the first defect: past a
 * corrupt length nothing in a capture file can be trusted to be a record boundary.
 */
public enum PcapFileDefect
{
    /** The file was read to its end. */
    NONE("none"),
    /** Fewer bytes remain than a record or block header needs: the file was cut inside a header. */
    TRUNCATED_HEADER("the file ends inside a record or block header"),
    /** The record's captured bytes, or the block, extend past the end of the file: the file was cut. */
    TRUNCATED_RECORD("the record extends past the end of the file"),
    /** A captured length above 256 KiB, the largest snapshot length libpcap accepts. */
    ABSURD_CAPTURED_LENGTH("captured length above 262144 bytes"),
    /** A pcapng block length below the minimum for its type or not a multiple of 4. */
    BAD_BLOCK_LENGTH("block total length below the minimum for its type or not a multiple of 4"),
    /** The trailing copy of a pcapng block length differs from the leading one. */
    BAD_BLOCK_TRAILER("trailing block total length differs from the leading one"),
    /** A pcapng packet block whose captured length does not fit in the block. */
    PACKET_EXCEEDS_BLOCK("captured length larger than the block body"),
    /** A pcapng section header with an unknown byte-order magic or an unsupported major version. */
    BAD_SECTION_HEADER("section header with an unknown byte-order magic or an unsupported version"),
    /** A pcapng option that runs past the end of its block, or an if_tsresol we cannot represent. */
    BAD_OPTION("option runs past the end of its block or has an unusable value"),
    /** Reading the file failed (an I/O error, or the file shrank while it was read). */
    READ_ERROR("reading the file failed or it shrank while it was read");

    private final String description;

    PcapFileDefect(final String description)
    {
        this.description = description;
    }

    /** A short human description for logs. */
    public String description()
    {
        return description;
    }
}
