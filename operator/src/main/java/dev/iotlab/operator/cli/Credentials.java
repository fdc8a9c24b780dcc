package dev.iotlab.operator.cli;

import dev.iotlab.operator.model.Lab;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** A lab's credentials for its handout: read from its Secret, or placeholders saying where to find them. */
record Credentials(Map<String, String> values, boolean placeholders, String secretRef) {
    static Credentials of(Secret secret) {
        Map<String, String> values = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> values.put(k,
                    new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return new Credentials(values, false,
                secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName());
    }

    static Credentials placeholders(Lab lab) {
        return new Credentials(Map.of(), true, lab.namespace() + "/" + lab.credentialsSecretName());
    }

    String get(String key) {
        String v = values.get(key);
        return v != null ? v : "<" + key + " from Secret " + secretRef + ">";
    }
}
