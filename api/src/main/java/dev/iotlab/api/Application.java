package dev.iotlab.api;

import dev.iotlab.contract.ApiConfig;
import dev.iotlab.contract.BadSetting;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import java.util.Map;

@OpenAPIDefinition(
        info = @Info(title = "iotlab-api", version = "1.0",
                description = "Lab REST API: the original Flask IoT lab API (same paths and JSON) plus message streaming, "
                        + "device commands, bearer-token authentication, health and metrics."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The lab's API_TOKEN")
public class Application {

    public static void main(String[] args) {
        // Checked before Micronaut starts so a refusal (e.g. no API_TOKEN) is one clear line, not a bean-creation
        // stack trace.
        ApiConfig config;
        try {
            config = ApiConfig.read(variable -> {
                String property = System.getProperty(ApiSettings.property(variable));
                return property != null ? property : System.getenv(variable);
            });
        } catch (BadSetting e) {
            System.err.println("iotlab-api: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            Micronaut.build(args).mainClass(Application.class).banner(false)
                    .properties(Map.of("micronaut.server.port", config.port())).start();
        } catch (RuntimeException e) {
            StartupRefusedException refused = findRefusal(e);
            if (refused == null) {
                throw e;
            }
            System.err.println("iotlab-api: " + refused.getMessage());
            System.exit(2);
        }
    }

    private static StartupRefusedException findRefusal(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StartupRefusedException r) {
                return r;
            }
        }
        return null;
    }
}
