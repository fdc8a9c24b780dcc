package dev.iotlab.operator.doctor;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.function.Supplier;

/** Reads for the doctor's checks, where "not there" (404: no such object, or an API the cluster lacks) is an answer. */
final class Lookups {
    private Lookups() {
    }

    static <T> T orNull(Supplier<T> read) {
        try {
            return read.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    static <T> List<T> orEmpty(Supplier<List<T>> read) {
        List<T> found = orNull(read);
        return found == null ? List.of() : found;
    }

    /** Whether a class (StorageClass, IngressClass) carries its kind's is-default-class annotation. */
    static boolean isDefault(ObjectMeta meta, String annotation) {
        return meta.getAnnotations() != null && "true".equals(meta.getAnnotations().get(annotation));
    }

    /** The API server's words for a refusal, else the client's. */
    static String message(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    }
}
