package com.flowtriq.ftagent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generates the README's configuration table from the {@link ConfigKeys} registry, and checks or rewrites the part
 * of the README between {@link #START_MARKER} and {@link #END_MARKER}.
 * <p>
 * Regenerate after changing the registry:
 * <pre>
 *   java -cp ftagent-core/target/classes com.flowtriq.ftagent.config.ConfigTable README.md
 * </pre>
 * or run {@code ConfigTableTest} with {@code -Dftagent.readme.update=true}. Stateless; thread-safe.
 */
public final class ConfigTable
{
    public static final String START_MARKER = "<!-- config-table:start -->";
    public static final String END_MARKER = "<!-- config-table:end -->";

    private ConfigTable()
    {
    }

    /**
     * @return the markdown table, one row per key, ending with a newline.
     */
    public static String markdown()
    {
        final StringBuilder sb = new StringBuilder()
            .append("Generated from `ConfigKeys` (a test fails if this table is stale). A dotted key is a key inside ")
            .append("an object (`notify.slack.webhook_url` is `{\"notify\": {\"slack\": {\"webhook_url\": ...}}}`); ")
            .append("`[]` marks the keys of each object in a list. Unknown keys are errors. A key whose default is ")
            .append("none may be left out, `null` or `\"\"`. Enumerated values are matched ignoring case. Secrets ")
            .append("are never printed in full.\n\n")
            .append("| key | type and allowed values | default | description |\n")
            .append("|---|---|---|---|\n");
        for (final ConfigKey key : ConfigKeys.all())
        {
            final String expected = key.type() == ConfigType.SECTION ? "object" : key.expected();
            final String defaultText = key.defaultText();
            sb.append("| `").append(key.path()).append("` | ")
                .append(cell(expected)).append(key.secret() ? " (secret)" : "").append(" | ")
                .append(defaultText.isEmpty() ? "" : "`" + defaultText + "`").append(" | ")
                .append(cell(key.description())).append(key.required() ? " Required." : "")
                .append(" |\n");
        }
        return sb.toString();
    }

    /**
     * @param readme the README's text.
     * @return the README with the text between the markers replaced by the generated table.
     * @throws IllegalArgumentException if the markers are missing or out of order.
     */
    public static String withTable(final String readme)
    {
        final int start = readme.indexOf(START_MARKER);
        final int end = readme.indexOf(END_MARKER);
        if (start < 0 || end < start)
        {
            throw new IllegalArgumentException("README lacks " + START_MARKER + " ... " + END_MARKER);
        }
        return readme.substring(0, start + START_MARKER.length()) + "\n" + markdown() + readme.substring(end);
    }

    /**
     * Rewrites the table in a README file.
     *
     * @param args the README path (default {@code README.md}).
     * @throws IOException if the file cannot be read or written.
     */
    public static void main(final String[] args) throws IOException
    {
        final Path readme = Path.of(args.length > 0 ? args[0] : "README.md");
        final String before = Files.readString(readme, StandardCharsets.UTF_8);
        final String after = withTable(before);
        if (!after.equals(before))
        {
            Files.writeString(readme, after, StandardCharsets.UTF_8);
        }
        System.out.println(readme + (after.equals(before) ? ": table already up to date" : ": table updated"));
    }

    private static String cell(final String text)
    {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
