package dev.iotlab.operator.customresource;

/** The one-word answer to "is my lab usable?", shown by `kubectl get iotlabs`. */
public enum Phase {
    Provisioning, Ready, Degraded, Suspended, Expired, Failed
}
