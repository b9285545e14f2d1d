package com.flowtriq.ftagent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest
{
    @Test
    void shouldDocumentExitCodesAndSeedFlagsInRootHelp()
    {
        final CommandRun run = CommandRun.of("--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("Exit codes:"), run.out());
        assertTrue(run.out().contains("2  usage or config error"), run.out());
        for (final String flag : List.of("--setup", "--install-service", "--test", "--version", "--config PATH"))
        {
            assertTrue(run.out().contains(flag), flag + " missing from:\n" + run.out());
        }
    }

    @Test
    void shouldShowExamplesAndExitCodesInHelpOfEveryCommand()
    {
        final List<List<String>> commands = new ArrayList<>();
        for (final String name : Main.SUBCOMMANDS.keySet())
        {
            commands.add(List.of(name));
        }
        commands.add(List.of("config", "check"));
        for (final List<String> command : commands)
        {
            final List<String> withHelp = new ArrayList<>(command);
            withHelp.add("--help");
            final CommandRun run = CommandRun.of(withHelp.toArray(new String[0]));
            assertEquals(0, run.exitCode(), String.join(" ", command));
            assertTrue(run.out().contains("Examples:"), String.join(" ", command) + ":\n" + run.out());
            assertTrue(run.out().contains("Exit codes:"), String.join(" ", command) + ":\n" + run.out());
        }
    }

    @Test
    void shouldPrintVersionForSeedVersionFlag()
    {
        final CommandRun run = CommandRun.of("--version");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("ftagent "), run.out());
        assertTrue(run.out().contains("java "), "the version subcommand, not picocli's version line: " + run.out());
    }

    @Test
    void shouldDispatchSeedSetupFlagToTheSetupCommand(@TempDir final Path dir)
    {
        final Path config = dir.resolve("config.json");
        final CommandRun run = CommandRun.of("--config", config.toString(), "--setup", "--yes");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.exists(config));
    }

    @Test
    void shouldPrintUsageWhenRunIsNotRegistered()
    {
        final CommandLine root = Main.commandLine();
        root.getCommandSpec().removeSubcommand("run");
        final java.io.StringWriter out = new java.io.StringWriter();
        root.setOut(new java.io.PrintWriter(out, true));
        assertEquals(0, Main.execute(root, new String[0]));
        assertTrue(out.toString().contains("Usage: ftagent"), out.toString());
    }

    @Test
    void shouldReportUsageErrorWithExitCodeTwo()
    {
        assertEquals(2, CommandRun.of("no-such-command").exitCode());
        assertEquals(2, CommandRun.of("setup", "--no-such-flag").exitCode());
    }

    @Test
    void shouldDispatchBareCommandToRunWhenRegistered()
    {
        final CommandLine root = Main.commandLine();
        root.getCommandSpec().removeSubcommand("run");
        root.addSubcommand("run", new ProbeCommand());
        final int exit = Main.execute(root, new String[] {"--config", "/x/c.json"});
        assertEquals(0, exit);
        assertEquals("/x/c.json", ((ProbeCommand)root.getSubcommands().get("run").getCommand()).config);
    }

    @Test
    void shouldRegisterEverySubcommandUnderItsAnnotatedName()
    {
        for (final Map.Entry<String, Class<?>> entry : Main.SUBCOMMANDS.entrySet())
        {
            assertEquals(entry.getKey(), entry.getValue().getAnnotation(CommandLine.Command.class).name());
        }
        assertEquals(List.copyOf(Main.SUBCOMMANDS.keySet()), List.copyOf(Main.commandLine().getSubcommands().keySet()));
    }

    @Test
    void shouldBuildOnlyTheNamedSubcommandAndEveryOneOtherwise()
    {
        assertEquals(List.of("replay"),
            List.copyOf(Main.commandLineFor(new String[] {"replay", "x.pcap"}).getSubcommands().keySet()));
        for (final String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"--version"},
            new String[] {"--config", "c.json"}, new String[] {"no-such-command"}))
        {
            assertEquals(Main.SUBCOMMANDS.keySet(), Main.commandLineFor(args).getSubcommands().keySet(),
                String.join(" ", args));
        }
    }

    @CommandLine.Command(name = "run")
    static final class ProbeCommand implements Runnable
    {
        @CommandLine.Option(names = "--config")
        String config;

        @Override
        public void run()
        {
        }
    }
}
