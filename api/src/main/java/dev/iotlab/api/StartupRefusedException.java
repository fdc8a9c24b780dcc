package dev.iotlab.api;

import dev.iotlab.contract.BadSetting;
import java.util.function.Supplier;

/** Configuration that makes the API unsafe or unusable; reported as one line, without a stack trace. */
public class StartupRefusedException extends RuntimeException {
    public StartupRefusedException(String message) {
        super(message);
    }

    /** What {@code read} reads through the contract; a setting it refuses refuses start-up with its message. */
    public static <T> T unlessValid(Supplier<T> read) {
        try {
            return read.get();
        } catch (BadSetting e) {
            throw new StartupRefusedException(e.getMessage());
        }
    }
}
