package dev.iotlab.operator.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

public class InfluxDbSpec extends StorageComponentSpec {
    public static final String DEFAULT_ORG = "iot-org";
    public static final String DEFAULT_BUCKET = "iot-data";
    public static final String DEFAULT_RETENTION = "30d";

    @Pattern("^(0|infinite|([0-9]+(ns|us|ms|s|m|h|d|w))+)$")
    @JsonPropertyDescription("How long readings are kept, an InfluxDB duration like 30d, 12h or 2w; 0 or infinite keeps them forever. Default 30d.")
    private String retention;

    @Size(min = 1, max = 64)
    @Pattern("^[A-Za-z0-9][A-Za-z0-9._-]*$")
    @JsonPropertyDescription("InfluxDB organisation (default iot-org).")
    private String org;

    @Size(min = 1, max = 64)
    @Pattern("^[A-Za-z0-9][A-Za-z0-9._-]*$")
    @JsonPropertyDescription("InfluxDB bucket the simulator writes to (default iot-data).")
    private String bucket;

    public String orgOrDefault() { return org == null ? DEFAULT_ORG : org; }
    public String bucketOrDefault() { return bucket == null ? DEFAULT_BUCKET : bucket; }
    public String retentionOrDefault() { return retention == null ? DEFAULT_RETENTION : retention; }

    public String getRetention() { return retention; }
    public void setRetention(String retention) { this.retention = retention; }
    public String getOrg() { return org; }
    public void setOrg(String org) { this.org = org; }
    public String getBucket() { return bucket; }
    public void setBucket(String bucket) { this.bucket = bucket; }
}
