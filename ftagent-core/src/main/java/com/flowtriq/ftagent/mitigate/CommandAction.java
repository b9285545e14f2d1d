package com.flowtriq.ftagent.mitigate;

import java.util.List;

/**
 * The {@code command} action: runs the operator's argv template once per target, and its revert template on
 * revert. Targets whose values do not fill the template are skipped (counted by the caller's logs as a failure).
 * Called from the engine's worker only.
 */
public final class CommandAction implements IncidentAction
{
    public static final String ACTION = "command";

    private final ArgvRunner runner;
    private final CommandTemplate apply;
    private final CommandTemplate revert;

    /**
     * @param runner  runs the rendered argv.
     * @param apply   the command template.
     * @param revert  the revert template, or null if the command needs none.
     */
    public CommandAction(final ArgvRunner runner, final CommandTemplate apply, final CommandTemplate revert)
    {
        this.runner = runner;
        this.apply = apply;
        this.revert = revert;
    }

    public String action()
    {
        return ACTION;
    }

    public CommandOutcome apply(final List<TemplateValues> targets)
    {
        return runAll(apply, targets);
    }

    public CommandOutcome revert(final List<TemplateValues> targets)
    {
        return null == revert ? CommandOutcome.skipped(List.of("(no revert)")) : runAll(revert, targets);
    }

    private CommandOutcome runAll(final CommandTemplate template, final List<TemplateValues> targets)
    {
        CommandOutcome failed = null;
        CommandOutcome last = CommandOutcome.skipped(template.argv());
        for (final TemplateValues target : targets)
        {
            final List<String> argv = template.render(target);
            if (null == argv)
            {
                failed = new CommandOutcome(template.argv(), -1, false, "", "a placeholder has no value");
                continue;
            }
            last = runner.run(argv);
            if (!last.succeeded())
            {
                failed = last;
            }
        }
        return null == failed ? last : failed;
    }

    public String toString()
    {
        return "CommandAction{apply=" + apply + ", revert=" + revert + "}";
    }
}
