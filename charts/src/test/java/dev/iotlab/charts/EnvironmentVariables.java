package dev.iotlab.charts;

import io.micronaut.context.env.PropertySource;
import java.util.HashMap;
import java.util.Map;

/**
 * A map of environment variables (the chart's rendered container env) as Micronaut reads the process environment:
 * Micronaut's public environment-variable convention, so {@code IOTLAB_IMAGES_EMQX} is the property
 * {@code iotlab.images.emqx} exactly as in the running operator.
 */
final class EnvironmentVariables {
    private EnvironmentVariables() {
    }

    static PropertySource asPropertySource(Map<String, String> env) {
        return PropertySource.of("chart-env", new HashMap<String, Object>(env),
                PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE);
    }
}
