package dev.iotlab.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

class InfluxDbComponentTest {

    @Test
    void influxDbIsSetUpWithTheSpecsOrgBucketAndRetention() {
        Lab lab = TestLabs.lab("student: {name: A}\ncomponents: {influxdb: {org: school, bucket: readings, retention: 7d, storage: 3Gi}}");
        InfluxDbComponent influx = Components.INFLUXDB;
        var env = ComponentTest.container(influx.deployment(lab)).getEnv();
        assertThat(env).anyMatch(e -> e.getName().equals("DOCKER_INFLUXDB_INIT_ORG") && e.getValue().equals("school"));
        assertThat(env).anyMatch(e -> e.getName().equals("DOCKER_INFLUXDB_INIT_BUCKET") && e.getValue().equals("readings"));
        assertThat(env).anyMatch(e -> e.getName().equals("DOCKER_INFLUXDB_INIT_RETENTION") && e.getValue().equals("7d"));
        assertThat(influx.volumeClaims(lab).get(0).getSpec().getResources().getRequests().get("storage"))
                .isEqualTo(new Quantity("3Gi"));
        var apiEnv = ComponentTest.container(Components.API.deployment(lab)).getEnv();
        assertThat(apiEnv).anyMatch(e -> e.getName().equals("INFLUXDB_ORG") && e.getValue().equals("school"));
        assertThat(apiEnv).anyMatch(e -> e.getName().equals("INFLUXDB_URL")
                && e.getValue().equals("http://influxdb.iotlab-alice.svc:8086"));
    }
}
