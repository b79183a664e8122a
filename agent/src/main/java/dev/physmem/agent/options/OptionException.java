package dev.physmem.agent.options;

/** An agent option the agent cannot accept; the message is the one line the user sees. */
public final class OptionException extends Exception {
    private static final long serialVersionUID = 1L;

    public OptionException(String message) {
        super(message);
    }

    /** "option ram=3x: not a size (accepted: ...)". */
    static OptionException of(String key, String value, String reason, String accepted) {
        return new OptionException("option " + key + "=" + value + ": " + reason + " (accepted: " + accepted + ")");
    }
}
