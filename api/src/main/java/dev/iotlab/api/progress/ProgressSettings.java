package dev.iotlab.api.progress;

import dev.iotlab.api.ApiSettings;
import dev.iotlab.api.StartupRefusedException;
import dev.iotlab.contract.BadSetting;
import dev.iotlab.contract.ProgressContract;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.function.Function;

/**
 * Settings of the progress measurement, read like every API setting through the shared contract
 * ({@link ProgressContract}). Grafana's login is the lab's Grafana admin (modules 6 and 10 read dashboards and alert
 * rules); without GRAFANA_URL those rules are missing.
 */
@Singleton
public class ProgressSettings {
    private final String configMap;
    private final Duration interval;
    private final String grafanaUrl;
    private final String grafanaUser;
    private final String grafanaPassword;

    public ProgressSettings(Environment environment) {
        Function<String, String> env = ApiSettings.lookup(environment);
        try {
            this.configMap = blankToNull(ProgressContract.CONFIG_MAP_SETTING.read(env));
            this.interval = Duration.ofSeconds(ProgressContract.INTERVAL_SECONDS.read(env));
            this.grafanaUrl = blankToNull(ProgressContract.GRAFANA_URL.read(env));
            this.grafanaUser = orEmpty(ProgressContract.GRAFANA_USER.read(env));
            this.grafanaPassword = orEmpty(ProgressContract.GRAFANA_PASSWORD.read(env));
        } catch (BadSetting e) {
            throw new StartupRefusedException(e.getMessage());
        }
    }

    /** Name of the ConfigMap of the lab's namespace the report is kept in; null = keep none (outside a cluster). */
    public String configMap() { return configMap; }
    public Duration interval() { return interval; }
    public String grafanaUrl() { return grafanaUrl; }
    public String grafanaUser() { return grafanaUser; }
    public String grafanaPassword() { return grafanaPassword; }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
