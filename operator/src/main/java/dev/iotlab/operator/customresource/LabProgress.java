package dev.iotlab.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The student's progress through the workshop modules, as the lab's API measured it from the evidence the modules
 * leave (see workshop/EVIDENCE.md). Copied into the status from the lab's `lab-progress` ConfigMap; never a secret.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LabProgress {
    /** "6/10": modules done out of modules checked; the Progress printer column. */
    private String summary;
    private List<ModuleProgress> modules = new ArrayList<>();
    /** When the student last did something the API saw (a request, a workshop message), to the API's resolution. */
    private String lastActivity;

    public LabProgress() {
    }

    public LabProgress(String summary, List<ModuleProgress> modules, String lastActivity) {
        this.summary = summary;
        this.modules = modules;
        this.lastActivity = lastActivity;
    }

    public String getSummary() { return summary; }
    public void setSummary(String summary) { this.summary = summary; }
    public List<ModuleProgress> getModules() { return modules; }
    public void setModules(List<ModuleProgress> modules) { this.modules = modules; }
    public String getLastActivity() { return lastActivity; }
    public void setLastActivity(String lastActivity) { this.lastActivity = lastActivity; }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabProgress p && Objects.equals(summary, p.summary) && Objects.equals(modules, p.modules)
                && Objects.equals(lastActivity, p.lastActivity);
    }

    @Override
    public int hashCode() {
        return Objects.hash(summary, modules, lastActivity);
    }
}
