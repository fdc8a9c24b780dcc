package dev.iotlab.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Every component is enabled by default; an absent entry means "enabled, with the profile's defaults". */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ComponentsSpec {
    private StorageComponentSpec emqx;
    private InfluxDbSpec influxdb;
    private StorageComponentSpec nodeRed;
    private StorageComponentSpec grafana;
    private ComponentSpec api;
    private SimulatorSpec simulator;

    public StorageComponentSpec emqxOrDefault() { return emqx == null ? new StorageComponentSpec() : emqx; }
    public InfluxDbSpec influxdbOrDefault() { return influxdb == null ? new InfluxDbSpec() : influxdb; }
    public StorageComponentSpec nodeRedOrDefault() { return nodeRed == null ? new StorageComponentSpec() : nodeRed; }
    public StorageComponentSpec grafanaOrDefault() { return grafana == null ? new StorageComponentSpec() : grafana; }
    public ComponentSpec apiOrDefault() { return api == null ? new ComponentSpec() : api; }
    public SimulatorSpec simulatorOrDefault() { return simulator == null ? new SimulatorSpec() : simulator; }

    public StorageComponentSpec getEmqx() { return emqx; }
    public void setEmqx(StorageComponentSpec emqx) { this.emqx = emqx; }
    public InfluxDbSpec getInfluxdb() { return influxdb; }
    public void setInfluxdb(InfluxDbSpec influxdb) { this.influxdb = influxdb; }
    public StorageComponentSpec getNodeRed() { return nodeRed; }
    public void setNodeRed(StorageComponentSpec nodeRed) { this.nodeRed = nodeRed; }
    public StorageComponentSpec getGrafana() { return grafana; }
    public void setGrafana(StorageComponentSpec grafana) { this.grafana = grafana; }
    public ComponentSpec getApi() { return api; }
    public void setApi(ComponentSpec api) { this.api = api; }
    public SimulatorSpec getSimulator() { return simulator; }
    public void setSimulator(SimulatorSpec simulator) { this.simulator = simulator; }
}
