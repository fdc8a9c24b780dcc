package dev.iotlab.operator.model;

/** A spec the operator cannot honour. The message names the field and says what is allowed. */
public class InvalidLabException extends RuntimeException {
    public InvalidLabException(String field, String problem) {
        super(field + " " + problem);
    }
}
