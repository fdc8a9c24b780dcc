package dev.iotlab.api.web;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Every error Micronaut itself produces (unknown route, wrong method, body too large, unexpected exception)
 * in the original shape {"error": "..."}; never exception text, which the original API leaked.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class JsonErrorProcessor implements ErrorResponseProcessor<Map<String, String>> {
    private static final Logger LOG = LoggerFactory.getLogger(JsonErrorProcessor.class);

    @Override
    public MutableHttpResponse<Map<String, String>> processResponse(ErrorContext context,
                                                                    MutableHttpResponse<?> response) {
        HttpStatus status = response.status();
        String message = switch (status) {
            case NOT_FOUND -> "Not found: " + context.getRequest().getPath()
                    + " (GET / lists the endpoints)";
            case METHOD_NOT_ALLOWED -> "Method " + context.getRequest().getMethodName() + " is not allowed on "
                    + context.getRequest().getPath() + " (GET / lists the endpoints)";
            case REQUEST_ENTITY_TOO_LARGE -> "Request body too large: the limit is 1 MB";
            case UNSUPPORTED_MEDIA_TYPE -> "Unsupported Content-Type: send JSON with 'Content-Type: application/json'";
            case NOT_ACCEPTABLE -> "Not acceptable: this endpoint answers with application/json";
            case BAD_REQUEST -> "Bad request: check the URL parameters and the JSON body";
            default -> {
                if (status.getCode() >= 500) {
                    context.getRootCause().ifPresent(t -> LOG.error("Unhandled error on {} {}",
                            context.getRequest().getMethodName(), context.getRequest().getPath(), t));
                    yield "Internal server error; the API log has the details";
                }
                yield status.getReason();
            }
        };
        return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(Map.of("error", message));
    }
}
