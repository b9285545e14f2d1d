package com.flowtriq.ftagent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules that involve more than one key: {@code node_uuid} with {@code api_key}, what each mitigation action needs,
 * command argv shape and placeholders, ring geometry. Stateless; thread-safe.
 */
public final class ConfigConsistency
{
    /** Placeholders a {@code command} or {@code revert} argv may contain (issue #8). */
    public static final List<String> PLACEHOLDERS =
        List.of("src_ip", "dst_ip", "dst_port", "protocol", "incident_id", "family");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

    private ConfigConsistency()
    {
    }

    /**
     * @param values the values to check.
     * @return every cross-key problem.
     */
    public static List<ConfigProblem> problems(final ConfigValues values)
    {
        return problems(values, Set.of());
    }

    /**
     * @param values            the values to check.
     * @param pathsWithProblems concrete paths that already have a problem: rules about them are skipped, so that a
     *                          bad value is not also reported as a missing one.
     * @return every cross-key problem.
     */
    public static List<ConfigProblem> problems(final ConfigValues values, final Set<String> pathsWithProblems)
    {
        final List<ConfigProblem> problems = new ArrayList<>();

        if (values.isSet(ConfigKeys.API_KEY) && !values.isSet(ConfigKeys.NODE_UUID) &&
            !pathsWithProblems.contains(ConfigKeys.NODE_UUID.path()))
        {
            problems.add(ConfigProblem.of(ConfigKeys.NODE_UUID.path(),
                "missing: required when api_key is set; expected " + ConfigKeys.NODE_UUID.expected()));
        }

        final long blockSize = values.longValue(ConfigKeys.CAPTURE_RING_BLOCK_SIZE);
        final long frameSize = values.longValue(ConfigKeys.CAPTURE_RING_FRAME_SIZE);
        if (frameSize > blockSize)
        {
            problems.add(new ConfigProblem(ConfigKeys.CAPTURE_RING_FRAME_SIZE.path(), String.valueOf(frameSize),
                "at most capture_ring_block_size (" + blockSize + ")", 0, 0));
        }

        final List<ConfigValues> rules = values.elements(ConfigKeys.MITIGATION_RULES);
        for (int i = 0; i < rules.size(); i++)
        {
            checkRule(values, rules.get(i), ConfigKeys.MITIGATION_RULES.path() + "[" + i + "].", problems);
        }
        return problems;
    }

    private static void checkRule(
        final ConfigValues values, final ConfigValues rule, final String prefix, final List<ConfigProblem> problems)
    {
        final String action = rule.string(ConfigKeys.RULE_ACTION);
        if (null == action)
        {
            return;
        }
        switch (action)
        {
            case "command" ->
            {
                if (!rule.isSet(ConfigKeys.RULE_COMMAND))
                {
                    problems.add(ConfigProblem.of(prefix + "command",
                        "missing: action \"command\" needs an argv, e.g. [\"/usr/local/bin/block\", \"{src_ip}\"]"));
                }
                checkArgv(rule, ConfigKeys.RULE_COMMAND, prefix, problems);
                checkArgv(rule, ConfigKeys.RULE_REVERT, prefix, problems);
            }
            case "cloudflare_block" ->
            {
                if (!values.isSet(ConfigKeys.MITIGATION_CLOUDFLARE_API_TOKEN))
                {
                    problems.add(ConfigProblem.of(ConfigKeys.MITIGATION_CLOUDFLARE_API_TOKEN.path(),
                        "missing: " + prefix + "action is cloudflare_block"));
                }
                if (!values.isSet(ConfigKeys.MITIGATION_CLOUDFLARE_ZONE_ID) &&
                    !values.isSet(ConfigKeys.MITIGATION_CLOUDFLARE_ACCOUNT_ID))
                {
                    problems.add(ConfigProblem.of(ConfigKeys.MITIGATION_CLOUDFLARE_ZONE_ID.path(),
                        "missing: " + prefix + "action is cloudflare_block; set zone_id or account_id"));
                }
            }
            case "exabgp_flowspec", "exabgp_blackhole" ->
            {
                if (!values.isSet(ConfigKeys.MITIGATION_EXABGP_PIPE))
                {
                    problems.add(ConfigProblem.of(ConfigKeys.MITIGATION_EXABGP_PIPE.path(),
                        "missing: " + prefix + "action is " + action));
                }
            }
            default ->
            {
            }
        }
        if (!"command".equals(action))
        {
            for (final ConfigKey argvKey : List.of(ConfigKeys.RULE_COMMAND, ConfigKeys.RULE_REVERT))
            {
                if (rule.isSet(argvKey))
                {
                    problems.add(ConfigProblem.of(prefix + argvKey.name(),
                        "only allowed with action \"command\", not \"" + action + "\""));
                }
            }
        }
    }

    private static void checkArgv(
        final ConfigValues rule, final ConfigKey key, final String prefix, final List<ConfigProblem> problems)
    {
        if (!rule.isSet(key))
        {
            return;
        }
        final List<String> argv = rule.strings(key);
        final String path = prefix + key.name();
        if (argv.isEmpty())
        {
            problems.add(new ConfigProblem(path, "[]", "a non-empty argv whose first element is an absolute path", 0, 0));
            return;
        }
        if (!argv.getFirst().startsWith("/") || argv.getFirst().indexOf('{') >= 0)
        {
            problems.add(new ConfigProblem(path + "[0]", ConfigValueText.json(argv.getFirst()),
                "the absolute path of an executable, without placeholders", 0, 0));
        }
        for (int i = 0; i < argv.size(); i++)
        {
            final Matcher matcher = PLACEHOLDER.matcher(argv.get(i));
            while (matcher.find())
            {
                if (!PLACEHOLDERS.contains(matcher.group(1)))
                {
                    problems.add(new ConfigProblem(path + "[" + i + "]", ConfigValueText.json(argv.get(i)),
                        "placeholders from {" + String.join("}, {", PLACEHOLDERS) + "}", 0, 0));
                    break;
                }
            }
        }
    }
}
