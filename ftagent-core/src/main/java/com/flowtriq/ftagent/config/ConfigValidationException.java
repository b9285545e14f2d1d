package com.flowtriq.ftagent.config;

import java.util.List;

/**
 * Thrown when a config is used despite problems: its message lists every problem, one per line.
 */
public final class ConfigValidationException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final List<ConfigProblem> problems;

    public ConfigValidationException(final String source, final List<ConfigProblem> problems)
    {
        super(render(source, problems));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems()
    {
        return problems;
    }

    static String render(final String source, final List<ConfigProblem> problems)
    {
        final StringBuilder sb = new StringBuilder()
            .append(source).append(": ").append(problems.size()).append(problems.size() == 1 ? " problem" : " problems");
        for (final ConfigProblem problem : problems)
        {
            sb.append("\n  - ").append(problem.message());
        }
        return sb.toString();
    }
}
