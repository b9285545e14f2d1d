package com.flowtriq.ftagent.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's set-up section (issue #2): exactly two commands, one that runs the agent and one that runs the tests,
 * and {@code .ci/run} runs that test command verbatim as its last command.
 */
class ReadmeSetupTest
{
    private static final Path ROOT = Path.of(System.getProperty("ftagent.repo.root", ".."));

    private static List<String> setupCommands() throws IOException
    {
        final String readme = Files.readString(ROOT.resolve("README.md"));
        final int start = readme.indexOf("## Set up on a fresh machine");
        assertTrue(start >= 0, "README has no set-up section");
        final int end = readme.indexOf("\n## ", start + 1);
        final Matcher block = Pattern.compile("(?s)```\\n(.*?)\\n```").matcher(readme.substring(start, end));
        final List<String> commands = new ArrayList<>();
        while (block.find())
        {
            commands.add(block.group(1).strip());
        }
        return commands;
    }

    @Test
    void shouldGiveExactlyTwoSetUpCommandsRunningTheAgentAndTheTests() throws IOException
    {
        final List<String> commands = setupCommands();

        assertEquals(2, commands.size(), commands.toString());
        assertEquals("bin/ftagent run", commands.get(0));
        assertTrue(commands.get(1).startsWith("./mvnw ") && commands.get(1).endsWith(" verify"), commands.get(1));
    }

    @Test
    void shouldRunTheReadmeTestCommandVerbatimInCi() throws IOException
    {
        final List<String> lines = Files.readAllLines(ROOT.resolve(".ci/run")).stream()
            .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();

        assertEquals(setupCommands().get(1), lines.getLast());
    }
}
