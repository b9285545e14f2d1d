package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.capture.FrameHandler;
import com.flowtriq.ftagent.capture.PacketSource;
import com.flowtriq.ftagent.pcap.PcapFrameTap;

/**
 * One capture thread of {@code run}: polls its source and hands every frame to its handler (decode and publish,
 * and the PCAP tap) until {@link #stop()}. The source is the thread's own; it is closed when the loop ends.
 *
 * <p>A failure of the source ends this thread only; it is logged with the source's description, and the
 * runtime's once-a-minute summary keeps showing the packet counts that stopped growing.
 */
final class CaptureThread implements Runnable
{
    private static final System.Logger LOGGER = System.getLogger(CaptureThread.class.getName());

    private final PacketSource source;
    private final FrameHandler handler;
    private final PcapFrameTap tap;
    private volatile boolean running = true;
    private volatile Throwable failure;

    /**
     * @param tap the PCAP tap inside {@code handler}, or null: on a poll that brought no frame it hands over the
     *            pre-attack frames of a capture that has just started, so they are written even if the link went
     *            quiet at the moment the incident opened.
     */
    CaptureThread(final PacketSource source, final FrameHandler handler, final PcapFrameTap tap)
    {
        this.source = source;
        this.handler = handler;
        this.tap = tap;
    }

    @Override
    public void run()
    {
        try
        {
            while (running)
            {
                final int frames = source.poll(handler);
                handler.onBatchEnd();
                if (frames == PacketSource.END_OF_INPUT)
                {
                    break;
                }
                if (frames == 0 && tap != null)
                {
                    tap.catchUp(System.currentTimeMillis() * 1_000_000L);
                }
            }
        }
        catch (final RuntimeException | Error ex)
        {
            failure = ex;
            LOGGER.log(System.Logger.Level.ERROR, "capture stopped on " + source.describe() + ": " + ex, ex);
        }
        finally
        {
            source.close();
        }
    }

    /** Asks the loop to end; it does within one poll timeout. Any thread. */
    void stop()
    {
        running = false;
        source.wakeup();
    }

    PacketSource source()
    {
        return source;
    }

    Throwable failure()
    {
        return failure;
    }
}
