package com.flowtriq.ftagent.l7;

/**
 * Where a tailer stood in its log, for {@link AccessLogTailer#resumeFrom} after a restart: the file (device and
 * inode), a hash of its first bytes (to tell a truncated and rewritten file from the same one), and the offset of
 * the first byte not yet delivered as part of a line.
 *
 * @param path              the log as configured or found (the key across restarts).
 * @param device            device number of the file followed.
 * @param inode             inode of the file followed.
 * @param fingerprint       hash of its first {@code fingerprintLength} bytes.
 * @param fingerprintLength 0 to {@link AccessLogTailer#FINGERPRINT_BYTES}.
 * @param offset            first byte not yet delivered.
 */
public record TailerCheckpoint(
    String path, long device, long inode, long fingerprint, int fingerprintLength, long offset)
{
    /**
     * @param tailer a tailer that has opened its file (L7 thread).
     * @return its checkpoint now.
     */
    public static TailerCheckpoint of(final AccessLogTailer tailer)
    {
        return new TailerCheckpoint(tailer.path().toString(), tailer.device(), tailer.inode(), tailer.fingerprint(),
            tailer.fingerprintLength(), tailer.checkpointOffset());
    }

    /** True if the values can be those of a real file position (what a loaded entry must satisfy). */
    public boolean plausible()
    {
        return offset >= 0 && fingerprintLength >= 0 && fingerprintLength <= AccessLogTailer.FINGERPRINT_BYTES;
    }

    /** Makes the tailer continue here on its first open (before its first poll). */
    public void applyTo(final AccessLogTailer tailer)
    {
        tailer.resumeFrom(device, inode, fingerprint, fingerprintLength, offset);
    }
}
