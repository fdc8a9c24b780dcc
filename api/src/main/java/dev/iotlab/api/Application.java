package dev.iotlab.api;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

@OpenAPIDefinition(
        info = @Info(title = "iotlab-api", version = "1.0",
                description = "Lab REST API: the original Flask IoT lab API (same paths and JSON) plus message streaming, "
                        + "device commands, bearer-token authentication, health and metrics."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The lab's API_TOKEN")
public class Application {

    public static void main(String[] args) {
        // Checked before Micronaut starts so the refusal is one clear line, not a bean-creation stack trace.
        if (blank(System.getenv("API_TOKEN")) && blank(System.getProperty("iotlab.api.token"))
                && !"true".equalsIgnoreCase(System.getenv("API_AUTH_DISABLED"))
                && !"true".equalsIgnoreCase(System.getProperty("iotlab.api.auth-disabled"))) {
            System.err.println("iotlab-api: " + ApiSettings.NO_TOKEN);
            System.exit(2);
        }
        try {
            Micronaut.build(args).mainClass(Application.class).banner(false).start();
        } catch (RuntimeException e) {
            StartupRefusedException refused = findRefusal(e);
            if (refused == null) {
                throw e;
            }
            System.err.println("iotlab-api: " + refused.getMessage());
            System.exit(2);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
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
