package dev.iotlab.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlab.operator.model.ComponentTestSupport;
import dev.iotlab.operator.model.OperatorSettings;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Installers set default images and sizes in application.yml or the environment; labs pick them up. */
class OperatorConfigTest {

    @Test
    void imagesAndSizingComeFromConfiguration() {
        try (ApplicationContext ctx = ApplicationContext.run(Map.of(
                "iotlab.start-operator", false,
                "iotlab.images.emqx", "registry.example.edu/emqx/emqx:5.8.6",
                "iotlab.sizing.small.emqx", "111m/222Mi/333m/444Mi"))) {
            OperatorSettings settings = ctx.getBean(OperatorConfig.class).toSettings();
            assertThat(settings.image("emqx")).isEqualTo("registry.example.edu/emqx/emqx:5.8.6");
            assertThat(settings.image("influxdb")).isEqualTo(OperatorSettings.DEFAULT_IMAGES.get("influxdb"));
            var resources = ComponentTestSupport.emqxResources(settings);
            assertThat(resources.getRequests().get("cpu").toString()).isEqualTo("111m");
            assertThat(resources.getLimits().get("memory").toString()).isEqualTo("444Mi");
        }
    }

    @Test
    void aMalformedSizingSaysWhatItShouldLookLike() {
        assertThatThrownBy(() -> OperatorSettings.parseSizing(Map.of("small.emqx", "lots")))
                .hasMessageContaining("iotlab.sizing.small.emqx=100m/256Mi/500m/512Mi");
    }
}
