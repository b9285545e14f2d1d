package com.flowtriq.ftagent.mitigate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code exabgp_blackhole} and {@code exabgp_flowspec}: writes announce/withdraw lines to ExaBGP's API named pipe.
 * <pre>
 *   blackhole: announce route 198.18.0.2/32 next-hop self community [65535:666]
 *   flowspec:  announce flow route { match { source 198.18.200.1/32; destination 198.18.0.2/32;
 *              destination-port =80; protocol tcp; } then { discard; } }
 * </pre>
 * Lines are built from validated values only and written in one write per apply. Opening a FIFO blocks until
 * ExaBGP reads it, so the open has a timeout; if it expires, the pipe is opened for reading once to release the
 * blocked open, and the apply fails.
 * <p>
 * Threading: engine worker only.
 */
public final class ExabgpAnnouncer implements IncidentAction
{
    public static final String BLACKHOLE = "exabgp_blackhole";
    public static final String FLOWSPEC = "exabgp_flowspec";
    /** RFC 7999 BLACKHOLE community, the default. */
    public static final String DEFAULT_COMMUNITY = "65535:666";

    private final String action;
    private final Path pipe;
    private final String community;
    private final long openTimeoutMillis;

    /**
     * @param action            {@link #BLACKHOLE} or {@link #FLOWSPEC}.
     * @param pipe              the ExaBGP API pipe.
     * @param community         {@code ASN:VALUE} for blackhole routes, or null for the default.
     * @param openTimeoutMillis how long to wait for a reader on the pipe.
     */
    public ExabgpAnnouncer(final String action, final Path pipe, final String community, final long openTimeoutMillis)
    {
        if (!BLACKHOLE.equals(action) && !FLOWSPEC.equals(action))
        {
            throw new IllegalArgumentException("not an ExaBGP action: " + Printable.quote(action));
        }
        final String chosen = null == community ? DEFAULT_COMMUNITY : community;
        if (!chosen.matches("[0-9]{1,10}:[0-9]{1,10}"))
        {
            throw new IllegalArgumentException("community must be ASN:VALUE: " + Printable.quote(chosen));
        }
        this.action = action;
        this.pipe = pipe;
        this.community = chosen;
        this.openTimeoutMillis = openTimeoutMillis;
    }

    public String action()
    {
        return action;
    }

    public CommandOutcome apply(final List<TemplateValues> targets)
    {
        return write(lines("announce", targets));
    }

    public CommandOutcome revert(final List<TemplateValues> targets)
    {
        return write(lines("withdraw", targets));
    }

    /**
     * @return the lines for {@code verb} (announce or withdraw); targets lacking the values a line needs are
     * left out.
     */
    List<String> lines(final String verb, final List<TemplateValues> targets)
    {
        final List<String> lines = new ArrayList<>();
        for (final TemplateValues target : targets)
        {
            if (BLACKHOLE.equals(action))
            {
                final IpAddress address = null != target.sourceIp() ? target.sourceIp() : target.destinationIp();
                if (null != address)
                {
                    lines.add(verb + " route " + address.text() + "/" + address.bitLength() + " next-hop self" +
                        ("announce".equals(verb) ? " community [" + community + "]" : ""));
                }
                continue;
            }
            final StringBuilder match = new StringBuilder();
            if (null != target.sourceIp())
            {
                match.append("source ").append(target.sourceIp().text()).append('/')
                    .append(target.sourceIp().bitLength()).append("; ");
            }
            if (null != target.destinationIp())
            {
                match.append("destination ").append(target.destinationIp().text()).append('/')
                    .append(target.destinationIp().bitLength()).append("; ");
            }
            if (null != target.port())
            {
                match.append("destination-port =").append(target.port().text()).append("; ");
            }
            if (null != target.protocol())
            {
                match.append("protocol ").append(target.protocol().keyword()).append("; ");
            }
            if (!match.isEmpty())
            {
                lines.add(verb + " flow route { match { " + match + "} then { discard; } }");
            }
        }
        return lines;
    }

    private CommandOutcome write(final List<String> lines)
    {
        final List<String> argv = List.of("write", pipe.toString());
        if (lines.isEmpty())
        {
            return new CommandOutcome(argv, -1, false, "", "no target has the values " + action + " needs");
        }
        final byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII);
        final CompletableFuture<OutputStream> opened = CompletableFuture.supplyAsync(() ->
        {
            try
            {
                return Files.newOutputStream(pipe, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
            catch (final IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
        }, runnable -> Thread.ofVirtual().name("ftagent-exabgp-open").start(runnable));
        try (OutputStream out = opened.get(openTimeoutMillis, TimeUnit.MILLISECONDS))
        {
            out.write(bytes);
            return new CommandOutcome(argv, 0, false, String.join("\n", lines), "");
        }
        catch (final TimeoutException ex)
        {
            releaseBlockedOpen(opened);
            return new CommandOutcome(argv, -1, true, "", "no reader on " + pipe + " (is ExaBGP running?)");
        }
        catch (final ExecutionException | IOException ex)
        {
            return new CommandOutcome(argv, -1, false, "", "cannot write " + pipe + ": " + ex.getMessage());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            releaseBlockedOpen(opened);
            return new CommandOutcome(argv, -1, false, "", "interrupted");
        }
    }

    private void releaseBlockedOpen(final CompletableFuture<OutputStream> opened)
    {
        try (InputStream reader = Files.newInputStream(pipe))
        {
            final OutputStream late = opened.get(openTimeoutMillis, TimeUnit.MILLISECONDS);
            late.close();
        }
        catch (final Exception ignore)
        {
            // best effort: the blocked opener is a virtual thread and holds no lock
        }
    }

    public String toString()
    {
        return "ExabgpAnnouncer{action=" + action + ", pipe=" + pipe + "}";
    }
}
