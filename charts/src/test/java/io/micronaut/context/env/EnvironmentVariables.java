package io.micronaut.context.env;

import java.util.Map;

/** Micronaut's own reading of environment variables (package-private there), for a map instead of the process env. */
public final class EnvironmentVariables {
    private EnvironmentVariables() {
    }

    public static PropertySource asPropertySource(Map<String, String> env) {
        return PropertySource.of("chart-env", EnvironmentPropertySource.getEnv(env, null, null),
                PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE);
    }
}
