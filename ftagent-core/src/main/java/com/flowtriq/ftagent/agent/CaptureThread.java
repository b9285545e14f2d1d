package com.flowtriq.ftagent.agent;

import com.flowtriq.ftagent.capture.FrameHandler;
import com.flowtriq.ftagent.capture.PacketSource;

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
    private volatile boolean running = true;
    private volatile Throwable failure;

    CaptureThread(final PacketSource source, final FrameHandler handler)
    {
        this.source = source;
        this.handler = handler;
    }

    @Override
    public void run()
    {
        try
        {
            while (running)
            {
                if (source.poll(handler) == PacketSource.END_OF_INPUT)
                {
                    break;
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
