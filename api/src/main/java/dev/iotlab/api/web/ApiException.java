package dev.iotlab.api.web;

import io.micronaut.http.HttpStatus;

/** An error a client can meet; its message is shown as {"error": message} and says how to fix the request. */
public class ApiException extends RuntimeException {
    private final HttpStatus status;

    public ApiException(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(HttpStatus.NOT_FOUND, message);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, message);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, message);
    }

    public HttpStatus status() {
        return status;
    }
}
