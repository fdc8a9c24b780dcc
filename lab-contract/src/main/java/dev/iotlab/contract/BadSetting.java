package dev.iotlab.contract;

/** A setting that cannot be used; the message names the variable and what it accepts. */
public final class BadSetting extends RuntimeException {
    public BadSetting(String message) {
        super(message);
    }
}
