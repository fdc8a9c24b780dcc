package dev.iotlab.api.web;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a controller: its request bodies are read whatever Content-Type they come with, or none. {@link JsonBody}
 * parses them and says what a good body looks like, so a script with a wrong header gets the same helpful 400 as
 * one with a wrong body, not Micronaut's 415.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.ALL})
public @interface AnyContentType {
}
