package dev.iotlab.api.progress;

import dev.iotlab.api.StartupRefusedException;
import dev.iotlab.contract.ProgressContract;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/**
 * Settings of the progress measurement, bound like every API setting (see {@code ApiSettings}): Micronaut binds
 * the raw text of IOTLAB_PROGRESS_CONFIGMAP, API_PROGRESS_INTERVAL_SECONDS and GRAFANA_* into the records below,
 * the shared contract ({@link ProgressContract}) reads each. Grafana's login is the lab's Grafana admin (modules 6
 * and 10 read dashboards and alert rules); without GRAFANA_URL those rules are missing.
 */
@Context
public class ProgressSettings {
    /** IOTLAB_PROGRESS_CONFIGMAP as given. */
    @ConfigurationProperties("iotlab.progress")
    public record ReportProperties(@Nullable String configmap) {
    }

    /** API_PROGRESS_INTERVAL_SECONDS as given. */
    @ConfigurationProperties("api.progress")
    public record IntervalProperties(@Nullable String intervalSeconds) {
    }

    /** GRAFANA_URL, GRAFANA_USER, GRAFANA_PASSWORD as given. */
    @ConfigurationProperties("grafana")
    public record GrafanaProperties(@Nullable String url, @Nullable String user, @Nullable String password) {
    }

    private final String configMap;
    private final Duration interval;
    private final String grafanaUrl;
    private final String grafanaUser;
    private final String grafanaPassword;

    public ProgressSettings(ReportProperties report, IntervalProperties interval, GrafanaProperties grafana) {
        this.configMap = ProgressContract.CONFIG_MAP_SETTING.value(report.configmap());
        this.interval = Duration.ofSeconds(StartupRefusedException.unlessValid(
                () -> ProgressContract.INTERVAL_SECONDS.value(interval.intervalSeconds())));
        this.grafanaUrl = ProgressContract.GRAFANA_URL.value(grafana.url());
        this.grafanaUser = orEmpty(ProgressContract.GRAFANA_USER.value(grafana.user()));
        this.grafanaPassword = orEmpty(ProgressContract.GRAFANA_PASSWORD.value(grafana.password()));
    }

    /** Name of the ConfigMap of the lab's namespace the report is kept in; null = keep none (outside a cluster). */
    public String configMap() { return configMap; }
    public Duration interval() { return interval; }
    public String grafanaUrl() { return grafanaUrl; }
    public String grafanaUser() { return grafanaUser; }
    public String grafanaPassword() { return grafanaPassword; }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
