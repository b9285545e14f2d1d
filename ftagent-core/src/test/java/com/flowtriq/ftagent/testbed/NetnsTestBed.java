package com.flowtriq.ftagent.testbed;

import com.flowtriq.ftagent.ffi.Libc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Two network namespaces joined by a veth pair, created for one test run and removed by {@link #close()}:
 *
 * <pre>
 *  netns fta-tx-&lt;id&gt;                  netns fta-rx-&lt;id&gt;
 *    veth fta-tx&lt;id&gt;  &lt;-----------&gt;    veth fta-rx&lt;id&gt;
 *    198.18.&lt;n&gt;.1/30                  198.18.&lt;n&gt;.2/30
 *    (sender)                          (capture, firewall rules)
 * </pre>
 *
 * <p>Both veth ends are created directly inside their namespaces, so nothing ever appears in the root namespace,
 * and a frame sent on one end can only reach the other. IPv6 duplicate address detection, router solicitations
 * and the interfaces' own IPv6 are off on both ends before they come up, so the links carry no traffic but the
 * test's own.
 *
 * <p>Code runs inside a namespace in two ways: child processes through {@code ip netns exec} ({@link #start},
 * {@link #run}), and Java code on a fresh platform thread that joins the namespace with setns(2) and ends when
 * the task ends ({@link #call}, {@link #startThread}). Sockets opened on such a thread belong to the namespace
 * and may be used from any thread afterwards.
 *
 * <p>{@link #close()} kills the processes this test bed started, by PID, and deletes both namespaces, which
 * removes the veth pair. Sockets opened in the namespaces must be closed first, or the kernel keeps the
 * namespace alive until they are. Threading: create, start and close from one test thread.
 */
public final class NetnsTestBed implements AutoCloseable
{
    /** Why tests that need a test bed skip when the process lacks the privileges. */
    public static final String SKIP_REASON =
        "needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_NET_RAW) and iproute2: creates network namespaces and a veth pair";

    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_NET_RAW = 13;
    private static final int CAP_SYS_ADMIN = 21;
    private static final long COMMAND_TIMEOUT_SECONDS = 30;
    private static final String NETNS_DIRECTORY = "/var/run/netns/";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final String id;
    private final int subnet;
    private final String txNamespace;
    private final String rxNamespace;
    private final String txInterface;
    private final String rxInterface;
    private final List<Process> processes = new ArrayList<>();
    private final List<String> namespacesCreated = new ArrayList<>();
    private byte[] txMac;
    private byte[] rxMac;

    private NetnsTestBed(final String id)
    {
        this.id = id;
        this.subnet = Math.floorMod(id.hashCode(), 256);
        this.txNamespace = "fta-tx-" + id;
        this.rxNamespace = "fta-rx-" + id;
        this.txInterface = "fta-tx" + id;
        this.rxInterface = "fta-rx" + id;
    }

    /**
     * Whether this process may create namespaces and capture: effective CAP_SYS_ADMIN, CAP_NET_ADMIN and
     * CAP_NET_RAW, and an {@code ip} command. Use with {@code Assumptions.assumeTrue(isSupported(), SKIP_REASON)}.
     *
     * @return true when a test bed can be created.
     */
    public static boolean isSupported()
    {
        final long effective = effectiveCapabilities();
        final long needed = (1L << CAP_NET_ADMIN) | (1L << CAP_NET_RAW) | (1L << CAP_SYS_ADMIN);
        return (effective & needed) == needed && commandExists("ip");
    }

    /**
     * Creates the namespaces and the veth pair, with names unique to this process and call.
     *
     * @return the test bed, up and addressed.
     * @throws IllegalStateException when a command fails; whatever was created is removed again.
     */
    public static NetnsTestBed create()
    {
        final String base = Long.toString(ProcessHandle.current().pid(), 36);
        for (int attempt = 0; attempt < 8; attempt++)
        {
            final String id = base + Integer.toString(SEQUENCE.getAndIncrement(), 36);
            if (id.length() > 9)
            {
                break; // "fta-tx" + id must fit IFNAMSIZ - 1 = 15 characters
            }
            final NetnsTestBed bed = new NetnsTestBed(id);
            if (Files.exists(Path.of(NETNS_DIRECTORY + bed.txNamespace)) ||
                Files.exists(Path.of(NETNS_DIRECTORY + bed.rxNamespace)))
            {
                continue; // left over from an earlier process with the same pid: never touch it
            }
            try
            {
                bed.build();
                return bed;
            }
            catch (final RuntimeException ex)
            {
                bed.close();
                throw ex;
            }
        }
        throw new IllegalStateException("no free test bed name for pid " + ProcessHandle.current().pid());
    }

    /**
     * @return the id shared by the namespace and interface names, for example {@code "2k1x0"}.
     */
    public String id()
    {
        return id;
    }

    /**
     * @return the sender's namespace, {@code fta-tx-<id>}.
     */
    public String txNamespace()
    {
        return txNamespace;
    }

    /**
     * @return the capture namespace, {@code fta-rx-<id>}.
     */
    public String rxNamespace()
    {
        return rxNamespace;
    }

    /**
     * @return the veth end in the sender's namespace, {@code fta-tx<id>}.
     */
    public String txInterface()
    {
        return txInterface;
    }

    /**
     * @return the veth end in the capture namespace, {@code fta-rx<id>}.
     */
    public String rxInterface()
    {
        return rxInterface;
    }

    /**
     * @return the sender's address, {@code 198.18.<n>.1}.
     */
    public String txAddress()
    {
        return "198.18." + subnet + ".1";
    }

    /**
     * @return the capture side's address, {@code 198.18.<n>.2}.
     */
    public String rxAddress()
    {
        return "198.18." + subnet + ".2";
    }

    /**
     * @return the sender's address as 4 bytes.
     */
    public byte[] txAddressBytes()
    {
        return new byte[]{ (byte)198, (byte)18, (byte)subnet, 1 };
    }

    /**
     * @return the capture side's address as 4 bytes.
     */
    public byte[] rxAddressBytes()
    {
        return new byte[]{ (byte)198, (byte)18, (byte)subnet, 2 };
    }

    /**
     * @return the MAC address of the sender's veth end.
     */
    public byte[] txMac()
    {
        return txMac.clone();
    }

    /**
     * @return the MAC address of the capture side's veth end.
     */
    public byte[] rxMac()
    {
        return rxMac.clone();
    }

    /**
     * Runs {@code task} on a fresh platform thread that first joins {@code namespace} with setns(2), and waits
     * for it. The thread ends with the task, so no pooled thread is left in the namespace.
     *
     * @param namespace a namespace name under {@code /var/run/netns}.
     * @param task      what to run there.
     * @return the task's result.
     * @throws Exception what the task threw, or the setns failure.
     */
    public static <T> T call(final String namespace, final Callable<T> task) throws Exception
    {
        final AtomicReference<T> result = new AtomicReference<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread thread = startThread(namespace, "netns-" + namespace, () ->
        {
            try
            {
                result.set(task.call());
            }
            catch (final Throwable t)
            {
                failure.set(t);
            }
        });
        thread.join();
        final Throwable thrown = failure.get();
        if (thrown instanceof Exception ex)
        {
            throw ex;
        }
        if (thrown instanceof Error error)
        {
            throw error;
        }
        return result.get();
    }

    /**
     * Runs {@code task} in the sender's namespace, see {@link #call(String, Callable)}.
     */
    public <T> T callInTx(final Callable<T> task) throws Exception
    {
        return call(txNamespace, task);
    }

    /**
     * Runs {@code task} in the capture namespace, see {@link #call(String, Callable)}.
     */
    public <T> T callInRx(final Callable<T> task) throws Exception
    {
        return call(rxNamespace, task);
    }

    /**
     * Starts a platform thread that joins {@code namespace} with setns(2), then runs {@code task}. If setns
     * fails the thread ends with that exception (its uncaught-exception handler sees it) and the task never runs.
     *
     * @param namespace  a namespace name under {@code /var/run/netns}.
     * @param threadName the thread's name.
     * @param task       what to run in the namespace.
     * @return the started thread.
     */
    public static Thread startThread(final String namespace, final String threadName, final Runnable task)
    {
        return Thread.ofPlatform().name(threadName).start(() ->
        {
            joinNamespace(namespace);
            task.run();
        });
    }

    /**
     * Starts {@code command} in {@code namespace} through {@code ip netns exec}. The process is killed by
     * {@link #close()} if it is still running then.
     *
     * @param namespace {@link #txNamespace()} or {@link #rxNamespace()}.
     * @param command   the program and its arguments (no shell).
     * @return the started process, stdout and stderr kept apart.
     */
    public Process start(final String namespace, final List<String> command) throws IOException
    {
        final List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        argv.addAll(command);
        final Process process = new ProcessBuilder(argv).start();
        processes.add(process);
        return process;
    }

    /**
     * Runs {@code command} in {@code namespace} through {@code ip netns exec} and waits for it.
     *
     * @return the exit code and the output.
     * @throws IllegalStateException if it does not finish within 30 s (it is killed).
     */
    public CommandResult run(final String namespace, final String... command)
    {
        final List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        argv.addAll(List.of(command));
        return CommandResult.run(argv);
    }

    /** {@link #run} in the receiving namespace. */
    public CommandResult runInRx(final String... command)
    {
        return run(rxNamespace, command);
    }

    /**
     * Kills the processes started here (by PID) and deletes both namespaces. Idempotent.
     */
    @Override
    public void close()
    {
        for (final Process process : processes)
        {
            if (process.isAlive())
            {
                process.destroyForcibly();
                try
                {
                    process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
        }
        processes.clear();
        final List<String> failures = new ArrayList<>();
        for (final String namespace : namespacesCreated)
        {
            final CommandResult deleted = CommandResult.run(List.of("ip", "netns", "del", namespace));
            if (0 != deleted.exitCode())
            {
                failures.add(namespace + ": " + deleted.output());
            }
        }
        namespacesCreated.clear();
        if (!failures.isEmpty())
        {
            throw new IllegalStateException("test bed " + id + " teardown failed: " + failures);
        }
    }

    @Override
    public String toString()
    {
        return txNamespace + "/" + txInterface + " " + txAddress() + " <-> " + rxNamespace + "/" + rxInterface + " " +
            rxAddress();
    }

    private void build()
    {
        addNamespace(txNamespace);
        addNamespace(rxNamespace);
        CommandResult.run(List.of(
            "ip", "link", "add", txInterface, "netns", txNamespace, "type", "veth",
            "peer", "name", rxInterface, "netns", rxNamespace)).check();
        configureEnd(txNamespace, txInterface, txAddress());
        configureEnd(rxNamespace, rxInterface, rxAddress());
        txMac = readMac(txNamespace, txInterface);
        rxMac = readMac(rxNamespace, rxInterface);
    }

    private void addNamespace(final String namespace)
    {
        CommandResult.run(List.of("ip", "netns", "add", namespace)).check();
        namespacesCreated.add(namespace);
    }

    private void configureEnd(final String namespace, final String interfaceName, final String address)
    {
        // Before the link comes up: otherwise DAD probes and router solicitations appear in the captures.
        if (0 == run(namespace, "test", "-d", "/proc/sys/net/ipv6/conf/" + interfaceName).exitCode())
        {
            run(namespace, "sysctl", "-q", "-w", "net.ipv6.conf." + interfaceName + ".accept_dad=0").check();
            run(namespace, "sysctl", "-q", "-w", "net.ipv6.conf." + interfaceName + ".router_solicitations=0").check();
            // Without this the link still sends MLD reports for its link-local address; tests that need IPv6
            // send raw IPv6 frames, which the capture sees whatever the interface's own IPv6 state.
            run(namespace, "sysctl", "-q", "-w", "net.ipv6.conf." + interfaceName + ".disable_ipv6=1").check();
        }
        run(namespace, "ip", "addr", "add", address + "/30", "dev", interfaceName).check();
        run(namespace, "ip", "link", "set", "lo", "up").check();
        run(namespace, "ip", "link", "set", interfaceName, "up").check();
    }

    private byte[] readMac(final String namespace, final String interfaceName)
    {
        // Inside 'ip netns exec' sysfs is remounted for the namespace, so this is the veth end's own address.
        final CommandResult result = run(namespace, "cat", "/sys/class/net/" + interfaceName + "/address").check();
        return HexFormat.ofDelimiter(":").parseHex(result.output().strip());
    }

    private static void joinNamespace(final String namespace)
    {
        final int namespaceFd = Libc.open(NETNS_DIRECTORY + namespace, Libc.O_RDONLY | Libc.O_CLOEXEC);
        try
        {
            Libc.setns(namespaceFd, Libc.CLONE_NEWNET);
        }
        finally
        {
            Libc.close(namespaceFd);
        }
    }

    private static long effectiveCapabilities()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII))
            {
                if (line.startsWith("CapEff:"))
                {
                    return Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
                }
            }
            return 0;
        }
        catch (final IOException ex)
        {
            return 0;
        }
    }

    private static boolean commandExists(final String command)
    {
        for (final String directory : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":"))
        {
            if (Files.isExecutable(Path.of(directory, command)))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * The exit code and merged output of a finished command.
     *
     * @param command  the argv that ran.
     * @param exitCode its exit code, -1 if it timed out.
     * @param output   stdout and stderr.
     */
    public record CommandResult(List<String> command, int exitCode, String output)
    {
        /**
         * Runs {@code command} (an argv, no shell), waiting at most 30 s.
         */
        public static CommandResult run(final List<String> command)
        {
            try
            {
                final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                {
                    process.destroyForcibly();
                    return new CommandResult(command, -1, output);
                }
                return new CommandResult(command, process.exitValue(), output);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot run " + command, ex);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted running " + command, ex);
            }
        }

        /**
         * @return this result.
         * @throws IllegalStateException if the exit code is not 0, with the command and its output.
         */
        public CommandResult check()
        {
            if (0 != exitCode)
            {
                throw new IllegalStateException(String.join(" ", command) + " exited " + exitCode + ": " + output.strip());
            }
            return this;
        }
    }
}
