package com.flowtriq.ftagent.testbed;

import com.flowtriq.ftagent.ffi.Errno;
import com.flowtriq.ftagent.ffi.Iovec;
import com.flowtriq.ftagent.ffi.Libc;
import com.flowtriq.ftagent.ffi.Mmsghdr;
import com.flowtriq.ftagent.ffi.Msghdr;
import com.flowtriq.ftagent.ffi.SockaddrLl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Sends exact sets of Ethernet frames out of one interface: an AF_PACKET {@code SOCK_RAW} socket bound to the
 * interface, {@code PACKET_QDISC_BYPASS} so no qdisc can hold or drop a frame, and {@code sendmmsg} batches of
 * up to {@link #batchCapacity()} frames copied into one preallocated off-heap buffer.
 *
 * <pre>
 *   frames (byte[])  --copy--&gt;  slot 0 | slot 1 | ... | slot B-1     (B x MAX_FRAME_LENGTH bytes)
 *                                 ^        ^                ^
 *   iovec[i].iov_base ------------+--------+----------------+
 *   mmsghdr[i].msg_hdr.msg_iov = &amp;iovec[i], msg_iovlen = 1, msg_name = NULL (the socket is bound)
 * </pre>
 *
 * <p>The socket is bound with protocol 0, so it receives nothing itself. It belongs to the network namespace of
 * the thread that calls {@link #open(String)}; {@link #send(List)} may then be called from any one thread at a
 * time. Test code: it allocates nothing per frame but is not tuned further.
 */
public final class FrameSender implements AutoCloseable
{
    /** Frames per sendmmsg call. */
    public static final int DEFAULT_BATCH_CAPACITY = 64;
    /** Longest frame accepted: an untagged 1500-byte MTU frame plus a VLAN tag, without FCS. */
    public static final int MAX_FRAME_LENGTH = 1518;
    /** Shortest frame accepted: an Ethernet header. */
    public static final int MIN_FRAME_LENGTH = 14;

    private static final int MAX_BUSY_RETRIES = 10_000;
    private static final long BUSY_BACKOFF_NANOS = 50_000;

    private final String interfaceName;
    private final int fd;
    private final int batchCapacity;
    private final Arena arena;
    private final MemorySegment messages;
    private final MemorySegment iovecs;
    private final MemorySegment frames;
    private long framesSent;
    private long bytesSent;

    private FrameSender(final String interfaceName, final int fd, final int batchCapacity, final Arena arena)
    {
        this.interfaceName = interfaceName;
        this.fd = fd;
        this.batchCapacity = batchCapacity;
        this.arena = arena;
        this.messages = Mmsghdr.allocateArray(arena, batchCapacity);
        this.iovecs = Iovec.allocateArray(arena, batchCapacity);
        this.frames = arena.allocate((long)batchCapacity * MAX_FRAME_LENGTH, 64);
        for (int i = 0; i < batchCapacity; i++)
        {
            final long message = i * Mmsghdr.sizeof();
            final long iovec = i * Iovec.sizeof();
            Iovec.iov_base(iovecs, iovec, frames.asSlice((long)i * MAX_FRAME_LENGTH, MAX_FRAME_LENGTH));
            Msghdr.msg_name(messages, message + Mmsghdr.MSG_HDR_OFFSET, MemorySegment.NULL);
            Msghdr.msg_namelen(messages, message + Mmsghdr.MSG_HDR_OFFSET, 0);
            Msghdr.msg_iov(messages, message + Mmsghdr.MSG_HDR_OFFSET, iovecs.asSlice(iovec, Iovec.sizeof()));
            Msghdr.msg_iovlen(messages, message + Mmsghdr.MSG_HDR_OFFSET, 1);
            Msghdr.msg_control(messages, message + Mmsghdr.MSG_HDR_OFFSET, MemorySegment.NULL);
            Msghdr.msg_controllen(messages, message + Mmsghdr.MSG_HDR_OFFSET, 0);
            Msghdr.msg_flags(messages, message + Mmsghdr.MSG_HDR_OFFSET, 0);
        }
    }

    /**
     * Opens a sender on an interface of the calling thread's network namespace, with
     * {@link #DEFAULT_BATCH_CAPACITY} frames per batch.
     */
    public static FrameSender open(final String interfaceName)
    {
        return open(interfaceName, DEFAULT_BATCH_CAPACITY);
    }

    /**
     * Opens a sender on an interface of the calling thread's network namespace.
     *
     * @param interfaceName the interface to send on.
     * @param batchCapacity frames per sendmmsg call, at least 1.
     * @return the sender.
     */
    public static FrameSender open(final String interfaceName, final int batchCapacity)
    {
        if (batchCapacity < 1)
        {
            throw new IllegalArgumentException("batchCapacity=" + batchCapacity + " must be >= 1");
        }
        final int interfaceIndex = Libc.ifNameToIndex(interfaceName);
        final int fd = Libc.socket(Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0);
        final Arena arena = Arena.ofShared();
        try
        {
            Libc.setsockoptInt(fd, Libc.SOL_PACKET, Libc.PACKET_QDISC_BYPASS, 1);
            // Protocol 0: the bind picks the outgoing interface without subscribing this socket to any traffic.
            Libc.bind(fd, SockaddrLl.allocateForBind(arena, 0, interfaceIndex));
            return new FrameSender(interfaceName, fd, batchCapacity, arena);
        }
        catch (final RuntimeException ex)
        {
            arena.close();
            Libc.closeRaw(Libc.threadCallState(), fd);
            throw ex;
        }
    }

    /**
     * @return the most frames sent per sendmmsg call.
     */
    public int batchCapacity()
    {
        return batchCapacity;
    }

    /**
     * @return frames sent since open.
     */
    public long framesSent()
    {
        return framesSent;
    }

    /**
     * @return bytes sent since open (frame lengths as given, no FCS).
     */
    public long bytesSent()
    {
        return bytesSent;
    }

    /**
     * Sends every frame, in order, in batches. Retries a batch the kernel took only in part, and backs off
     * briefly on ENOBUFS/EAGAIN (a busy device), a bounded number of times.
     *
     * @param frameList the frames, each {@link #MIN_FRAME_LENGTH}..{@link #MAX_FRAME_LENGTH} bytes.
     * @return the number of frames sent, always {@code frameList.size()}.
     * @throws IllegalStateException if the device stays busy or the kernel reports another error.
     */
    public int send(final List<byte[]> frameList)
    {
        final int total = frameList.size();
        int next = 0;
        while (next < total)
        {
            final int batch = Math.min(batchCapacity, total - next);
            for (int i = 0; i < batch; i++)
            {
                final byte[] frame = frameList.get(next + i);
                if (frame.length < MIN_FRAME_LENGTH || frame.length > MAX_FRAME_LENGTH)
                {
                    throw new IllegalArgumentException("frame " + (next + i) + " length=" + frame.length +
                        " must be " + MIN_FRAME_LENGTH + ".." + MAX_FRAME_LENGTH);
                }
                MemorySegment.copy(frame, 0, frames, JAVA_BYTE, (long)i * MAX_FRAME_LENGTH, frame.length);
                Iovec.iov_len(iovecs, i * Iovec.sizeof(), frame.length);
                bytesSent += frame.length;
            }
            sendBatch(batch, next);
            next += batch;
            framesSent += batch;
        }
        return total;
    }

    @Override
    public void close()
    {
        arena.close();
        Libc.closeRaw(Libc.threadCallState(), fd);
    }

    @Override
    public String toString()
    {
        return "FrameSender " + interfaceName + " sent=" + framesSent;
    }

    private void sendBatch(final int batch, final int firstIndex)
    {
        final MemorySegment callState = Libc.threadCallState();
        int done = 0;
        int busyRetries = 0;
        while (done < batch)
        {
            final MemorySegment remaining = messages.asSlice(done * Mmsghdr.sizeof());
            final int sent = Libc.sendmmsgRaw(callState, fd, remaining, batch - done, 0);
            if (sent > 0)
            {
                done += sent;
                continue;
            }
            final int errno = sent < 0 ? Libc.errno(callState) : 0;
            if (sent < 0 && Errno.EINTR == errno)
            {
                continue;
            }
            if ((0 == sent || Errno.ENOBUFS == errno || Errno.EAGAIN == errno) && busyRetries++ < MAX_BUSY_RETRIES)
            {
                LockSupport.parkNanos(BUSY_BACKOFF_NANOS);
                continue;
            }
            throw new IllegalStateException("sendmmsg on " + interfaceName + " failed at frame " +
                (firstIndex + done) + ": errno " + errno + " (" + Libc.strerror(errno) + ")");
        }
    }
}
