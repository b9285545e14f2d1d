package com.flowtriq.ftagent.report;

/**
 * A command the server pushed in {@code pending_commands}. Untrusted text: mitigation parses it into one of its
 * typed actions or acks it {@code failed}.
 *
 * @param id          command id, echoed in the ack.
 * @param commandType the server's type name.
 * @param commandText the command as text.
 * @param title       human-readable title.
 */
public record PendingCommand(String id, String commandType, String commandText, String title)
{
}
