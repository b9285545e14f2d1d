package com.flowtriq.ftagent.mitigate;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a Flowtriq {@code pending_commands} entry ({@code id, command_type, command_text}) into a typed
 * {@link BlockSourcesCommand}, or refuses it with a reason for the {@code failed} ack. Nothing here is ever executed:
 * text is only tokenised and each token parsed into a validated type, and any token that does not fit the grammar
 * refuses the whole command.
 * <p>
 * Accepted forms (tokens separated by single ASCII spaces):
 * <pre>
 *   command_type "block_sources" (or "nft_drop_sources"):
 *       command_text = ADDRESS { " " ADDRESS } [ " ttl=" SECONDS ]
 *   command_type "iptables" (the original agent's one legitimate shape, translated, never run):
 *       command_text = "iptables -I INPUT -s " ADDRESS " -j DROP"     (also -A instead of -I)
 * </pre>
 * Everything else, e.g. {@code iptables -F}, {@code nft flush ruleset}, {@code rm -f /etc/passwd},
 * {@code sysctl a=b c=d}, extra arguments, CIDRs, names, control characters, is refused.
 * <p>
 * Stateless and thread-safe.
 */
public final class PendingCommandParser
{
    /** Longest command id accepted (the block is recorded as {@code cmd-<id>}). */
    public static final int MAX_ID_LENGTH = 64;
    /** Longest command_text looked at. */
    public static final int MAX_TEXT_LENGTH = 16 * 1024;
    /** Most sources one command may block. */
    public static final int MAX_SOURCES = 256;
    /** TTL of a server block that gives none. */
    public static final long DEFAULT_TTL_SECONDS = 3600;
    /** Longest TTL a server may ask for. */
    public static final long MAX_TTL_SECONDS = 7L * 86_400;

    private PendingCommandParser()
    {
    }

    /**
     * The outcome of parsing: exactly one of {@code command} and {@code refusal} is non-null.
     *
     * @param command the typed command, or null.
     * @param refusal why it was refused (safe to log and send back), or null.
     */
    public record Result(BlockSourcesCommand command, String refusal)
    {
        static Result refuse(final String reason)
        {
            return new Result(null, reason);
        }

        public boolean accepted()
        {
            return null != command;
        }
    }

    /**
     * @param id          the server's command id.
     * @param commandType its command_type.
     * @param commandText its command_text.
     */
    public static Result parse(final String id, final String commandType, final String commandText)
    {
        if (!IncidentId.isValid(id) || id.length() > MAX_ID_LENGTH)
        {
            return Result.refuse("invalid command id " + Printable.quote(id));
        }
        if (null == commandType || null == commandText)
        {
            return Result.refuse("missing command_type or command_text");
        }
        if (commandText.isEmpty() || commandText.length() > MAX_TEXT_LENGTH)
        {
            return Result.refuse("command_text length " + commandText.length() + " is not 1.." + MAX_TEXT_LENGTH);
        }
        for (int i = 0; i < commandText.length(); i++)
        {
            final char c = commandText.charAt(i);
            if (c < 0x21 && ' ' != c || c > 0x7E)
            {
                return Result.refuse("command_text holds a control or non-ASCII character at " + i);
            }
        }
        final String[] tokens = commandText.split(" ", -1);
        return switch (commandType)
        {
            case "block_sources", NftDropSources.ACTION -> parseBlockSources(id, tokens);
            case "iptables" -> parseIptablesDrop(id, tokens);
            default -> Result.refuse("unsupported command_type " + Printable.quote(commandType) +
                "; accepted: block_sources, nft_drop_sources, iptables (-I/-A INPUT -s ADDRESS -j DROP only)");
        };
    }

    private static Result parseBlockSources(final String id, final String[] tokens)
    {
        final List<IpAddress> sources = new ArrayList<>();
        long ttl = DEFAULT_TTL_SECONDS;
        for (int i = 0; i < tokens.length; i++)
        {
            final String token = tokens[i];
            if (i == tokens.length - 1 && token.startsWith("ttl=") && i > 0)
            {
                ttl = parseTtl(token.substring(4));
                if (ttl <= 0)
                {
                    return Result.refuse("ttl must be 1.." + MAX_TTL_SECONDS + " seconds: " + Printable.quote(token));
                }
                continue;
            }
            final IpAddress source = IpAddress.parse(token);
            if (null == source)
            {
                return Result.refuse("token " + i + " is not an IP address: " + Printable.quote(token));
            }
            if (sources.size() == MAX_SOURCES)
            {
                return Result.refuse("more than " + MAX_SOURCES + " sources");
            }
            sources.add(source);
        }
        return new Result(new BlockSourcesCommand(id, sources, ttl), null);
    }

    private static Result parseIptablesDrop(final String id, final String[] tokens)
    {
        // exactly: iptables (-I|-A) INPUT -s ADDRESS -j DROP
        if (7 != tokens.length ||
            !"iptables".equals(tokens[0]) ||
            !("-I".equals(tokens[1]) || "-A".equals(tokens[1])) ||
            !"INPUT".equals(tokens[2]) ||
            !"-s".equals(tokens[3]) ||
            !"-j".equals(tokens[5]) ||
            !"DROP".equals(tokens[6]))
        {
            return Result.refuse("only 'iptables -I INPUT -s ADDRESS -j DROP' is accepted, got " + tokens.length +
                " tokens starting " + Printable.quote(tokens[0] + (tokens.length > 1 ? " " + tokens[1] : "")));
        }
        final IpAddress source = IpAddress.parse(tokens[4]);
        if (null == source)
        {
            return Result.refuse("not a single IP address: " + Printable.quote(tokens[4]));
        }
        return new Result(new BlockSourcesCommand(id, List.of(source), DEFAULT_TTL_SECONDS), null);
    }

    private static long parseTtl(final String digits)
    {
        if (digits.isEmpty() || digits.length() > 7)
        {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++)
        {
            final char c = digits.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value > MAX_TTL_SECONDS ? -1 : value;
    }
}
