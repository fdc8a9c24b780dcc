package dev.iotlab.api;

/** Configuration that makes the API unsafe or unusable; reported as one line, without a stack trace. */
public class StartupRefusedException extends RuntimeException {
    public StartupRefusedException(String message) {
        super(message);
    }
}
