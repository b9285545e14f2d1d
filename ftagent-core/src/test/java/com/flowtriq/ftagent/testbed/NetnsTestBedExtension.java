package com.flowtriq.ftagent.testbed;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One {@link NetnsTestBed} for all the tests of a class: skipped with {@link NetnsTestBed#SKIP_REASON} when the
 * process may not create one, created before the class's own {@code @BeforeAll} methods and removed after the
 * class, even when a test or a later set-up step failed. Register it on a static field:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final NetnsTestBedExtension bed = NetnsTestBedExtension.withLoopbackUpInRx();
 * </pre>
 */
public final class NetnsTestBedExtension implements BeforeAllCallback, AfterAllCallback
{
    private final boolean loopbackUpInRx;
    private NetnsTestBed bed;

    private NetnsTestBedExtension(final boolean loopbackUpInRx)
    {
        this.loopbackUpInRx = loopbackUpInRx;
    }

    /** A test bed as {@link NetnsTestBed#create()} makes it. */
    public static NetnsTestBedExtension plain()
    {
        return new NetnsTestBedExtension(false);
    }

    /** A test bed whose receiving namespace also has its loopback up (an agent there serves /health on it). */
    public static NetnsTestBedExtension withLoopbackUpInRx()
    {
        return new NetnsTestBedExtension(true);
    }

    @Override
    public void beforeAll(final ExtensionContext context)
    {
        assumeTrue(NetnsTestBed.isSupported(), NetnsTestBed.SKIP_REASON);
        bed = NetnsTestBed.create();
        if (loopbackUpInRx)
        {
            bed.runInRx("ip", "link", "set", "lo", "up").check();
        }
    }

    @Override
    public void afterAll(final ExtensionContext context)
    {
        if (null != bed)
        {
            bed.close();
            bed = null;
        }
    }

    /**
     * @return the class's test bed.
     * @throws IllegalStateException outside the class's tests.
     */
    public NetnsTestBed get()
    {
        if (null == bed)
        {
            throw new IllegalStateException("no test bed: used outside the tests of the class that registered it");
        }
        return bed;
    }
}
