package dev.iotlab.contract;

import java.util.List;

/**
 * What the operator tells the lab API so it can serve the student's home page at {@code /}: the lab's endpoints
 * (the same list as the IotLab status: name, in-cluster URL, external URL) and a directory with the student's own
 * credentials (files named like the credentials Secret's keys), shown only after the student signs in.
 */
public final class HomeContract {
    /** JSON list of {"name", "internal", "external"}. */
    public static final Setting<String> LAB_ENDPOINTS = Setting.text("IOTLAB_LAB_ENDPOINTS", null,
            "JSON list of the lab's endpoints ({name, internal, external}) for the home page's links and health line.");
    public static final Setting<String> STUDENT_CREDENTIALS_DIR = Setting.text("IOTLAB_STUDENT_CREDENTIALS_DIR", null,
            "Directory of the student's credentials (one file per key of the lab's credentials Secret) for the .env "
                    + "the home page shows after sign-in; unset: no .env there.");
    public static final String DEFAULT_CREDENTIALS_DIR = "/var/run/iotlab/student";
    /** Keys of the credentials Secret the home page's .env needs (and the only ones mounted into the API). */
    public static final List<String> STUDENT_KEYS = List.of("mqtt-username", "mqtt-password", "influxdb-token",
            "api-token", "grafana-admin-user", "grafana-admin-password", "node-red-username", "node-red-password");

    private HomeContract() {
    }
}
