package dev.iotlab.operator.model;

/** The host students use from outside the cluster and whether they reach it over TLS. */
public record ExternalHost(String host, boolean tls) {
}
