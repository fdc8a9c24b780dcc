package dev.iotlab.api;

import dev.iotlab.contract.ApiConfig;
import dev.iotlab.contract.BadSetting;
import io.micronaut.context.exceptions.BeanInstantiationException;
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
        // The HTTP port is needed before Micronaut starts; every other setting is bound by ApiSettings and
        // ProgressSettings, created at start-up. A refusal is one line and exit code 2, not a stack trace.
        String refused;
        try {
            int port = ApiConfig.PORT.value(System.getProperty("port", System.getenv(ApiConfig.PORT.name())));
            Micronaut.build(args).mainClass(Application.class).banner(false)
                    .mapError(BeanInstantiationException.class, e -> findRefusal(e) != null ? 0 : 1)
                    .properties(Map.of("micronaut.server.port", port)).start();
            return;
        } catch (BadSetting e) {
            refused = e.getMessage();
        } catch (RuntimeException e) {
            StartupRefusedException refusal = findRefusal(e);
            if (refusal == null) {
                throw e;
            }
            refused = refusal.getMessage();
        }
        System.err.println("iotlab-api: " + refused);
        System.exit(2);
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
