package dev.iotlab.images;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import dev.iotlab.images.support.Build;
import dev.iotlab.images.support.OperatorOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * EMQX cannot run here (no image): its configuration is parsed as HOCON and checked against what EMQX 5.8 expects
 * and what the operator (its built jar) really mounts and writes into the lab Secret.
 */
class EmqxConfigTest {
    private static final Path CONF = Build.imagesDir().resolve("emqx/emqx.conf");

    private static Config conf() throws Exception {
        return ConfigFactory.parseString(Files.readString(CONF),
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false)).resolve();
    }

    @Test
    void listenersServeMqttOnTcpAndWebSocketAndTheDashboard() throws Exception {
        Config c = conf();
        assertThat(c.getString("listeners.tcp.default.bind")).endsWith(":1883");
        assertThat(c.getString("listeners.ws.default.bind")).endsWith(":8083");
        assertThat(c.getString("listeners.ws.default.websocket.mqtt_path")).isEqualTo("/mqtt");
        assertThat(c.getInt("dashboard.listeners.http.bind")).isEqualTo(18083);
        assertThat(c.getBoolean("listeners.ssl.default.enable")).isFalse();
        assertThat(c.getBoolean("listeners.wss.default.enable")).isFalse();
    }

    @Test
    void clientsMustAuthenticateAgainstTheBuiltInDatabaseBootstrappedFromTheMountedSecretFile() throws Exception {
        List<? extends Config> chain = conf().getConfigList("authentication");
        assertThat(chain).hasSize(1);
        Config authn = chain.get(0);
        assertThat(authn.getString("mechanism")).isEqualTo("password_based");
        assertThat(authn.getString("backend")).isEqualTo("built_in_database");
        assertThat(authn.getString("user_id_type")).isEqualTo("username");
        assertThat(authn.getString("bootstrap_type")).isEqualTo("plain");
        assertThat(authn.getString("bootstrap_file")).isEqualTo("/opt/emqx/etc/auth/users.csv")
                .as("EMQX picks the bootstrap format by extension").endsWith(".csv");
        assertThat(authn.getString("password_hash_algorithm.name")).isIn("plain", "sha256", "sha512", "bcrypt", "pbkdf2");
        assertThat(authn.hasPath("enable") ? authn.getBoolean("enable") : true).isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOperatorMountsThisFileAndTheSecretKeyWhereTheConfigurationReadsThem() throws Exception {
        Map<String, Object> configMap = OperatorOutput.object("ConfigMap", "emqx-config");
        assertThat(((Map<String, String>) configMap.get("data")).get("emqx.conf"))
                .as("the operator bundles images/emqx/emqx.conf unchanged").isEqualTo(Files.readString(CONF));

        Map<String, Object> deployment = OperatorOutput.object("Deployment", "emqx");
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) deployment.get("spec"))
                .get("template")).get("spec");
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        List<Map<String, Object>> mounts = (List<Map<String, Object>>) container.get("volumeMounts");
        String bootstrap = conf().getConfigList("authentication").get(0).getString("bootstrap_file");
        Path bootstrapPath = Path.of(bootstrap);
        Map<String, Object> usersMount = mounts.stream()
                .filter(m -> bootstrapPath.getParent().toString().equals(m.get("mountPath"))).findFirst()
                .orElseThrow(() -> new AssertionError("no volume mounted at " + bootstrapPath.getParent()));
        Map<String, Object> volume = ((List<Map<String, Object>>) pod.get("volumes")).stream()
                .filter(v -> usersMount.get("name").equals(v.get("name"))).findFirst().orElseThrow();
        List<Map<String, Object>> items = (List<Map<String, Object>>) ((Map<String, Object>) volume.get("secret")).get("items");
        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.get("path")).isEqualTo(bootstrapPath.getFileName().toString());
            assertThat(item.get("key")).isEqualTo("emqx-bootstrap-users.csv");
        });
        Map<String, Object> secret = OperatorOutput.object("Secret", "lab-credentials");
        assertThat(((Map<String, String>) secret.get("stringData"))).containsKeys("emqx-bootstrap-users.csv",
                "emqx-dashboard-username", "emqx-dashboard-password");

        List<Map<String, Object>> env = (List<Map<String, Object>>) container.get("env");
        assertThat(env).anySatisfy(e -> {
            assertThat(e.get("name")).isEqualTo("EMQX_DASHBOARD__DEFAULT_PASSWORD");
            assertThat(((Map<String, Map<String, Object>>) e.get("valueFrom")).get("secretKeyRef").get("key"))
                    .isEqualTo("emqx-dashboard-password");
        });
        assertThat(mounts).anySatisfy(m -> assertThat(m.get("mountPath")).isEqualTo("/opt/emqx/etc/emqx.conf"));
    }

    @Test
    void theBootstrapCsvTheOperatorGeneratesHasTheHeaderAndRowsEmqxExpectsForPlainBootstrap() {
        Map<String, String> secret = OperatorOutput.generatedSecret();
        List<String> lines = secret.get("emqx-bootstrap-users.csv").lines().toList();
        // EMQX 5.x, bootstrap_type = plain: CSV with header user_id,password,is_superuser (is_superuser optional).
        assertThat(lines.get(0)).isEqualTo("user_id,password,is_superuser");
        assertThat(lines.subList(1, lines.size())).allSatisfy(row -> {
            String[] cells = row.split(",", -1);
            assertThat(cells).hasSize(3);
            assertThat(cells[0]).isNotBlank().doesNotContain(" ", "\"");
            assertThat(cells[1]).hasSizeGreaterThanOrEqualTo(16).doesNotContain(" ", "\"");
            assertThat(cells[2]).isIn("true", "false");
        });
        List<String> users = lines.stream().skip(1).map(r -> r.split(",")[0]).toList();
        assertThat(users).containsExactlyInAnyOrder(secret.get("mqtt-username"), secret.get("mqtt-service-username"));
        assertThat(lines).contains(secret.get("mqtt-username") + "," + secret.get("mqtt-password") + ",false",
                secret.get("mqtt-service-username") + "," + secret.get("mqtt-service-password") + ",false");
    }

    @Test
    void noSecretValueOrDefaultPasswordIsWrittenInTheConfiguration() throws Exception {
        String text = Files.readString(CONF).lines().filter(l -> !l.strip().startsWith("#"))
                .reduce("", (a, b) -> a + b + "\n");
        assertThat(text).doesNotContainIgnoringCase("default_password").doesNotContain("public")
                .doesNotContainPattern("(?i)password\\s*=");
        assertThat(Arrays.stream(text.split("\n")).filter(l -> l.contains("allow_anonymous"))).isEmpty();
    }
}
