package dev.iotlab.operator.model;

import dev.iotlab.contract.Setting;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;

/** Small parts of the components' containers and pods: environment variables, probes, volumes. */
final class PodParts {
    private PodParts() {
    }

    static EnvVar env(String name, String value) {
        return new EnvVar(name, value, null);
    }

    /** A setting of one of our services, written as its reader (the shared contract) will read it. */
    static <T> EnvVar env(Setting<T> setting, T value) {
        return env(setting.name(), setting.render(value));
    }

    /** A setting of one of our services whose value is a key of the lab's credentials Secret. */
    static EnvVar secretEnv(Lab lab, Setting<String> setting, String key) {
        return secretEnv(lab, setting.name(), key);
    }

    static EnvVar secretEnv(Lab lab, String name, String key) {
        return secretKeyEnv(lab, name, key, false);
    }

    /** From a key a Secret made by an older operator may lack: then the variable is unset. */
    static EnvVar optionalSecretEnv(Lab lab, String name, String key) {
        return secretKeyEnv(lab, name, key, true);
    }

    private static EnvVar secretKeyEnv(Lab lab, String name, String key, boolean optional) {
        return new EnvVarBuilder().withName(name)
                .withNewValueFrom().withNewSecretKeyRef(key, lab.credentialsSecretName(), optional).endValueFrom()
                .build();
    }

    static Probe httpProbe(String path, int port, int initialDelaySeconds, int periodSeconds, int failureThreshold) {
        return timed(new ProbeBuilder()
                .withHttpGet(new HTTPGetActionBuilder().withPath(path).withPort(new IntOrString(port)).build()),
                initialDelaySeconds, periodSeconds, failureThreshold);
    }

    static Probe tcpProbe(int port, int initialDelaySeconds, int periodSeconds, int failureThreshold) {
        return timed(new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket(),
                initialDelaySeconds, periodSeconds, failureThreshold);
    }

    private static Probe timed(ProbeBuilder probe, int initialDelaySeconds, int periodSeconds, int failureThreshold) {
        return probe.withInitialDelaySeconds(initialDelaySeconds)
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(3)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    static Volume claimVolume(String volume, String claim) {
        return new VolumeBuilder().withName(volume).withNewPersistentVolumeClaim().withClaimName(claim)
                .endPersistentVolumeClaim().build();
    }

    static Volume configMapVolume(String volume, String configMap) {
        return new VolumeBuilder().withName(volume).withNewConfigMap().withName(configMap).endConfigMap().build();
    }

    static Volume emptyDirVolume(String volume) {
        return new VolumeBuilder().withName(volume).withNewEmptyDir().endEmptyDir().build();
    }
}
