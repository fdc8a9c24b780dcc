package dev.iotlab.operator.model;

import dev.iotlab.contract.ClientEnv;
import dev.iotlab.operator.customresource.InfluxDbSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;

/**
 * The environment variables (the original platform's names) by which the lab's own services reach the broker and
 * the database, rendered through the shared contract ({@link ClientEnv}), so API, simulator and Node-RED read
 * exactly what is written here.
 */
final class ServiceClientEnv {
    private ServiceClientEnv() {
    }

    static List<EnvVar> mqtt(Lab lab) {
        return List.of(
                PodParts.env(ClientEnv.MQTT_BROKER, lab.serviceHost(EmqxComponent.NAME)),
                PodParts.env(ClientEnv.MQTT_PORT, EmqxComponent.MQTT_PORT),
                PodParts.secretEnv(lab, ClientEnv.MQTT_USERNAME, CredentialsSecret.MQTT_SERVICE_USERNAME),
                PodParts.secretEnv(lab, ClientEnv.MQTT_PASSWORD, CredentialsSecret.MQTT_SERVICE_PASSWORD));
    }

    static List<EnvVar> influxdb(Lab lab) {
        InfluxDbSpec spec = lab.components().influxdbOrDefault();
        return List.of(
                PodParts.env(ClientEnv.INFLUXDB_URL, InfluxDbComponent.url(lab)),
                PodParts.secretEnv(lab, ClientEnv.INFLUXDB_TOKEN, CredentialsSecret.INFLUXDB_TOKEN),
                PodParts.env(ClientEnv.INFLUXDB_ORG, spec.orgOrDefault()),
                PodParts.env(ClientEnv.INFLUXDB_BUCKET, spec.bucketOrDefault()));
    }
}
