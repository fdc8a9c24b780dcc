package dev.iotlab.operator.customresource;

/** How the lab's MQTT broker is exposed (Kubernetes Service type). */
public enum MqttServiceType {
    ClusterIP, NodePort, LoadBalancer
}
