package dev.iotlab.api.home;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlab.api.support.EnvContext;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The home page's settings as the running API binds them from its environment (the operator sets both). */
class HomeSettingsTest {

    @Test
    void bothVariablesReachTheHomePage() {
        Map<String, String> env = EnvContext.minimal();
        String endpoints = "[{\"name\":\"grafana\",\"internal\":\"http://grafana:3000/grafana/\","
                + "\"external\":\"https://kim.labs.example.edu/grafana/\"}]";
        env.putAll(Map.of("IOTLAB_LAB_ENDPOINTS", endpoints, "IOTLAB_STUDENT_CREDENTIALS_DIR", "/var/run/iotlab/student"));
        try (ApplicationContext api = EnvContext.start(env)) {
            HomeSettings settings = api.getBean(HomeSettings.class);
            assertThat(settings.endpointsJson()).isEqualTo(endpoints);
            assertThat(settings.credentialsDir()).isEqualTo(Path.of("/var/run/iotlab/student"));
            assertThat(api.getBean(LabHome.class).endpoint("grafana")).get()
                    .extracting(e -> e.external()).isEqualTo("https://kim.labs.example.edu/grafana/");
        }
    }

    @Test
    void unsetOrBlankMeansNoLinksAndNoEnv() {
        Map<String, String> env = EnvContext.minimal();
        env.put("IOTLAB_LAB_ENDPOINTS", " ");
        try (ApplicationContext api = EnvContext.start(env)) {
            HomeSettings settings = api.getBean(HomeSettings.class);
            assertThat(settings.endpointsJson()).isNull();
            assertThat(settings.credentialsDir()).isNull();
        }
    }
}
