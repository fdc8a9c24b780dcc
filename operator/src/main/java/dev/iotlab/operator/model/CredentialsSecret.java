package dev.iotlab.operator.model;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lab's one credentials Secret. Generated once with random values and never regenerated: the dependent that
 * manages it only creates. Keys are the contract with the components and the student's handout.
 */
public final class CredentialsSecret {
    public static final String MQTT_USERNAME = "mqtt-username";
    public static final String MQTT_PASSWORD = "mqtt-password";
    /** MQTT user of the lab's own services (API, simulator, Node-RED), so students' password changes break nothing. */
    public static final String MQTT_SERVICE_USERNAME = "mqtt-service-username";
    public static final String MQTT_SERVICE_PASSWORD = "mqtt-service-password";
    public static final String EMQX_DASHBOARD_USERNAME = "emqx-dashboard-username";
    public static final String EMQX_DASHBOARD_PASSWORD = "emqx-dashboard-password";
    /** EMQX built-in database bootstrap file (CSV: user_id,password,is_superuser). */
    public static final String EMQX_BOOTSTRAP_USERS = "emqx-bootstrap-users.csv";
    /** Erlang distribution cookie of the lab's EMQX node: per lab, so a pod that can reach the node cannot guess it. */
    public static final String EMQX_NODE_COOKIE = "emqx-node-cookie";
    public static final String INFLUXDB_USERNAME = "influxdb-username";
    public static final String INFLUXDB_PASSWORD = "influxdb-password";
    public static final String INFLUXDB_TOKEN = "influxdb-token";
    public static final String GRAFANA_ADMIN_USER = "grafana-admin-user";
    public static final String GRAFANA_ADMIN_PASSWORD = "grafana-admin-password";
    public static final String NODE_RED_USERNAME = "node-red-username";
    public static final String NODE_RED_PASSWORD = "node-red-password";
    public static final String NODE_RED_CREDENTIAL_SECRET = "node-red-credential-secret";
    public static final String API_TOKEN = "api-token";

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private CredentialsSecret() {
    }

    /** A fresh Secret with new random values; callers create it only when none exists. */
    public static Secret generate(Lab lab) {
        String mqttPassword = random(20);
        String servicePassword = random(24);
        Map<String, String> data = new LinkedHashMap<>();
        data.put(MQTT_USERNAME, "student");
        data.put(MQTT_PASSWORD, mqttPassword);
        data.put(MQTT_SERVICE_USERNAME, "lab-services");
        data.put(MQTT_SERVICE_PASSWORD, servicePassword);
        data.put(EMQX_DASHBOARD_USERNAME, "admin");
        data.put(EMQX_DASHBOARD_PASSWORD, random(20));
        data.put(EMQX_BOOTSTRAP_USERS, "user_id,password,is_superuser\n"
                + "student," + mqttPassword + ",false\n"
                + "lab-services," + servicePassword + ",false\n");
        data.put(EMQX_NODE_COOKIE, random(32));
        data.put(INFLUXDB_USERNAME, "admin");
        data.put(INFLUXDB_PASSWORD, random(20));
        data.put(INFLUXDB_TOKEN, random(40));
        data.put(GRAFANA_ADMIN_USER, "admin");
        data.put(GRAFANA_ADMIN_PASSWORD, random(20));
        data.put(NODE_RED_USERNAME, "admin");
        data.put(NODE_RED_PASSWORD, random(20));
        data.put(NODE_RED_CREDENTIAL_SECRET, random(32));
        data.put(API_TOKEN, random(32));
        return new SecretBuilder()
                .withMetadata(LabObjects.meta(lab, lab.credentialsSecretName(), null))
                .withType("Opaque")
                .withStringData(data)
                .build();
    }

    /** Letters and digits without look-alikes (0/O, 1/l/I): students type these from a handout. */
    static String random(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
