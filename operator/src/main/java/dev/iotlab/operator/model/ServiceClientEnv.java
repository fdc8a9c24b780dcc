package dev.iotlab.operator.model;

import dev.iotlab.operator.customresource.InfluxDbSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;

/**
 * The environment variables (the original platform's names) by which the lab's own services reach the broker and
 * the database. One place, so API, simulator and Node-RED cannot disagree.
 */
final class ServiceClientEnv {
    private ServiceClientEnv() {
    }

    static List<EnvVar> mqtt(Lab lab) {
        return List.of(
                Component.env("MQTT_BROKER", lab.serviceHost(EmqxComponent.NAME)),
                Component.env("MQTT_PORT", String.valueOf(EmqxComponent.MQTT_PORT)),
                Component.secretEnv(lab, "MQTT_USERNAME", CredentialsSecret.MQTT_SERVICE_USERNAME),
                Component.secretEnv(lab, "MQTT_PASSWORD", CredentialsSecret.MQTT_SERVICE_PASSWORD));
    }

    static List<EnvVar> influxdb(Lab lab) {
        InfluxDbSpec spec = lab.components().influxdbOrDefault();
        return List.of(
                Component.env("INFLUXDB_URL", InfluxDbComponent.url(lab)),
                Component.secretEnv(lab, "INFLUXDB_TOKEN", CredentialsSecret.INFLUXDB_TOKEN),
                Component.env("INFLUXDB_ORG", spec.orgOrDefault()),
                Component.env("INFLUXDB_BUCKET", spec.bucketOrDefault()));
    }
}
