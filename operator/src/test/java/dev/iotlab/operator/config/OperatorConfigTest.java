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
            assertThat(settings.image("influxdb")).isEqualTo(dev.iotlab.operator.model.Components.INFLUXDB.defaultImage());
            var resources = ComponentTestSupport.emqxResources(settings);
            assertThat(resources.getRequests().get("cpu").toString()).isEqualTo("111m");
            assertThat(resources.getLimits().get("memory").toString()).isEqualTo("444Mi");
        }
    }

    @Test
    void theDefaultGatewayAndTheDataPlaneNamespacesComeFromConfiguration() {
        try (ApplicationContext ctx = ApplicationContext.run(Map.of(
                "iotlab.start-operator", false,
                "iotlab.gateway-name", "labs",
                "iotlab.gateway-namespace", "gateways",
                "iotlab.gateway-section-name", "https",
                "iotlab.gateway-domain", "labs.example.edu",
                "iotlab.gateway-scheme", "http",
                "iotlab.gateway-namespaces", "envoy-gateway-system,nginx-gateway",
                "iotlab.crd-recheck-interval", "30s"))) {
            OperatorConfig config = ctx.getBean(OperatorConfig.class);
            OperatorSettings settings = config.toSettings();
            assertThat(settings.defaultGateway()).isEqualTo(new dev.iotlab.operator.model.DefaultGateway("labs",
                    "gateways", "https", "labs.example.edu", dev.iotlab.operator.customresource.GatewayScheme.HTTP));
            assertThat(settings.gatewayNamespaces()).containsExactly("envoy-gateway-system", "nginx-gateway");
            assertThat(config.getCrdRecheckInterval()).isEqualTo(java.time.Duration.ofSeconds(30));
        }
        assertThat(OperatorSettings.defaults().defaultGateway().named()).isFalse();
        assertThat(OperatorSettings.defaults().gatewayNamespaces()).containsExactly("envoy-gateway-system");
    }

    @Test
    void aMalformedSizingSaysWhatItShouldLookLike() {
        assertThatThrownBy(() -> OperatorSettings.parseSizing(Map.of("small.emqx", "lots")))
                .hasMessageContaining("iotlab.sizing.small.emqx=100m/256Mi/500m/512Mi");
    }
}
