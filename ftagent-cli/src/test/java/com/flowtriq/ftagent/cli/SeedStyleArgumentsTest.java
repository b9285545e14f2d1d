package com.flowtriq.ftagent.cli;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class SeedStyleArgumentsTest
{
    private static final Set<String> WITH_RUN = Set.of("run", "setup", "install-service", "version", "config");
    private static final Set<String> WITHOUT_RUN = Set.of("setup", "install-service", "version", "config");

    private static void assertRewrite(final Set<String> subcommands, final String[] expected, final String... args)
    {
        assertArrayEquals(expected, SeedStyleArguments.rewrite(args, subcommands), String.join(" ", args));
    }

    @Test
    void shouldRunTheAgentWhenNoArgumentsAreGiven()
    {
        assertRewrite(WITH_RUN, new String[] {"run"});
    }

    @Test
    void shouldLeaveBareCommandToTheRootWhenRunIsNotRegistered()
    {
        assertRewrite(WITHOUT_RUN, new String[] {});
    }

    @Test
    void shouldRunWithTheConfigWhenOnlyConfigIsGiven()
    {
        assertRewrite(WITH_RUN, new String[] {"run", "--config", "/tmp/c.json"}, "--config", "/tmp/c.json");
        assertRewrite(WITH_RUN, new String[] {"run", "--config=/tmp/c.json"}, "--config=/tmp/c.json");
    }

    @Test
    void shouldTurnSeedFlagsIntoSubcommandsKeepingTheConfig()
    {
        assertRewrite(WITH_RUN, new String[] {"setup"}, "--setup");
        assertRewrite(WITH_RUN, new String[] {"setup", "--config", "c.json"}, "--setup", "--config", "c.json");
        assertRewrite(WITH_RUN, new String[] {"setup", "--config", "c.json"}, "--config", "c.json", "--setup");
        assertRewrite(WITH_RUN, new String[] {"install-service", "--config", "c.json"},
            "--install-service", "--config", "c.json");
        assertRewrite(WITH_RUN, new String[] {"test"}, "--test");
    }

    @Test
    void shouldDropTheConfigForVersion()
    {
        assertRewrite(WITH_RUN, new String[] {"version"}, "--version");
        assertRewrite(WITH_RUN, new String[] {"version"}, "--config", "c.json", "--version");
    }

    @Test
    void shouldMoveALeadingConfigAfterANamedSubcommand()
    {
        assertRewrite(WITH_RUN, new String[] {"setup", "--config", "c.json", "--yes"},
            "--config", "c.json", "setup", "--yes");
    }

    @Test
    void shouldLeaveSubcommandsAndHelpUnchanged()
    {
        assertRewrite(WITH_RUN, new String[] {"config", "check", "--config", "x"}, "config", "check", "--config", "x");
        assertRewrite(WITH_RUN, new String[] {"--help"}, "--help");
        assertRewrite(WITH_RUN, new String[] {"bogus"}, "bogus");
    }
}
