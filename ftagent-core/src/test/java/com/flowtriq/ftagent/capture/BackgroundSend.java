package com.flowtriq.ftagent.capture;

import com.flowtriq.ftagent.testbed.FrameSender;
import com.flowtriq.ftagent.testbed.NetnsTestBed;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends frames from the test bed's tx end on a background thread, so the test thread can poll a source at the
 * same time; {@link #join()} rethrows what the sender threw.
 */
final class BackgroundSend
{
    private final Thread thread;
    private final AtomicReference<Throwable> failure;

    private BackgroundSend(final Thread thread, final AtomicReference<Throwable> failure)
    {
        this.thread = thread;
        this.failure = failure;
    }

    static BackgroundSend start(final NetnsTestBed bed, final List<byte[]> frames)
    {
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread thread = Thread.ofPlatform().name("test-sender").start(() ->
        {
            try
            {
                bed.callInTx(() ->
                {
                    try (FrameSender sender = FrameSender.open(bed.txInterface()))
                    {
                        return sender.send(frames);
                    }
                });
            }
            catch (final Throwable t)
            {
                failure.set(t);
            }
        });
        return new BackgroundSend(thread, failure);
    }

    /**
     * Waits for the sender to finish.
     *
     * @throws AssertionError if it failed.
     */
    void join() throws InterruptedException
    {
        thread.join();
        final Throwable thrown = failure.get();
        if (null != thrown)
        {
            throw new AssertionError("sender failed", thrown);
        }
    }
}
