package dev.iotlab.operator.customresource;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Size of a lab: how much CPU, memory and storage each component gets by default. */
public enum Profile {
    /** Fits many students on a small cluster; enough for the workshop modules. */
    @JsonProperty("small") SMALL,
    /** Room for the capstone with thousands of simulated devices. */
    @JsonProperty("standard") STANDARD
}
