package dev.iotlab.api.web;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.util.Map;

@Singleton
@Requires(classes = ApiException.class)
public class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<Map<String, String>>> {
    @Override
    public HttpResponse<Map<String, String>> handle(HttpRequest request, ApiException e) {
        return HttpResponse.<Map<String, String>>status(e.status()).body(Map.of("error", e.getMessage()));
    }
}
