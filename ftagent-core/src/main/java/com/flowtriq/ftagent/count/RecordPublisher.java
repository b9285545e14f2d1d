package com.flowtriq.ftagent.count;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Capture-side entry of a {@link CountingStage}: hands 32-byte packet records to the counters.
 *
 * <p>Zero-copy use: {@code int index = claim(src)}; if {@code index >= 0}, write the record into
 * {@link #buffer()} at {@code index} (for example with {@code PacketRecord.wrap(buffer(), index)}), then
 * {@link #commit(int)} (or {@link #abort(int)}). Copying use: {@link #publish(DirectBuffer, int)} a record already
 * written in a scratch buffer.
 *
 * <p>Never blocks: when the record cannot be taken (a worker ring is full) it is dropped and counted as a
 * back-pressure drop. A publisher may batch records (see {@link RecordFanOut}): they are then handed over when a
 * batch fills or at {@link #flush()}, which the capture thread calls after each poll, and a batch that finds its
 * ring full is dropped and counted at that point rather than reported by {@link #publish} or {@link #claim}.
 *
 * <p>Threading: one publisher per capture thread; not thread-safe. A claim must be committed or aborted before
 * the next claim.
 */
public interface RecordPublisher
{
    /** Returned by {@link #claim(long)} when the record was dropped for lack of ring space. */
    int INSUFFICIENT_CAPACITY = -2;

    /**
     * Reserves room for one record of a packet from {@code srcAddress} (which picks the counting worker).
     *
     * @return the offset of the record in {@link #buffer()}, or {@link #INSUFFICIENT_CAPACITY} (dropped, counted).
     */
    int claim(long srcAddress);

    /** The buffer of the last successful {@link #claim(long)}. */
    MutableDirectBuffer buffer();

    /** Publishes the claimed record. */
    void commit(int index);

    /** Gives the claimed space back without publishing a record. */
    void abort(int index);

    /**
     * Publishes a copy of the record at {@code offset} in {@code buffer}.
     *
     * @return false if it was dropped for lack of ring space (counted).
     */
    boolean publish(DirectBuffer buffer, int offset);

    /**
     * Hands over every record this publisher still holds. A capture thread calls it at the end of each poll
     * batch, so that no record waits longer than one batch; a record held when a tick closes lands in a later
     * window, never lost and never counted twice.
     */
    void flush();
}
