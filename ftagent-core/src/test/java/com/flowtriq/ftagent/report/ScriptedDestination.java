package com.flowtriq.ftagent.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A destination that answers from a script (then delivers) and records every attempt, for outbox tests.
 */
final class ScriptedDestination implements Destination
{
    private final String channel;
    private final ArrayDeque<DeliveryResult> script = new ArrayDeque<>();
    final List<String> attempts = new ArrayList<>();
    final List<Long> attemptTimes = new ArrayList<>();
    final List<String> delivered = new ArrayList<>();
    private final java.util.function.LongSupplier clock;

    ScriptedDestination(final String channel, final java.util.function.LongSupplier clock)
    {
        this.channel = channel;
        this.clock = clock;
    }

    ScriptedDestination then(final DeliveryResult result, final int times)
    {
        for (int i = 0; i < times; i++)
        {
            script.addLast(result);
        }
        return this;
    }

    @Override
    public String channel()
    {
        return channel;
    }

    @Override
    public DeliveryResult deliver(final OutboxEntry entry)
    {
        final String body = new String(entry.body(), StandardCharsets.UTF_8);
        attempts.add(body);
        attemptTimes.add(clock.getAsLong());
        final DeliveryResult next = script.pollFirst();
        if (next == null || next.outcome() == DeliveryResult.Outcome.DELIVERED)
        {
            delivered.add(body);
            return DeliveryResult.delivered();
        }
        return next;
    }
}
