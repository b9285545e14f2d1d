package com.flowtriq.ftagent.report;

/**
 * Delivers outbox entries of one channel. Called only on that channel's delivery thread, one entry at a time, in
 * order. Implementations block for at most their own request timeout and never throw for a failed delivery: they
 * return {@link DeliveryResult#retry} or {@link DeliveryResult#dead}.
 */
public interface Destination
{
    /**
     * @return the channel name entries carry in {@link OutboxEntry#channel()}.
     */
    String channel();

    /**
     * @param entry the oldest pending entry of this channel.
     * @return the outcome.
     */
    DeliveryResult deliver(OutboxEntry entry);
}
