package dev.iotlab.operator.customresource;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How students reach a Gateway's listener. */
public enum GatewayScheme {
    @JsonProperty("https") HTTPS,
    @JsonProperty("http") HTTP
}
