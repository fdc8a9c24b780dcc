package dev.iotlab.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One workshop module: done, or what evidence is still missing (the checker's words). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModuleProgress {
    private int module;
    private String title;
    private boolean done;
    private List<String> missing = new ArrayList<>();

    public ModuleProgress() {
    }

    public ModuleProgress(int module, String title, boolean done, List<String> missing) {
        this.module = module;
        this.title = title;
        this.done = done;
        this.missing = missing;
    }

    public int getModule() { return module; }
    public void setModule(int module) { this.module = module; }
    public String getTitle() { return title; }
    public void setTitle(String title) { this.title = title; }
    public boolean isDone() { return done; }
    public void setDone(boolean done) { this.done = done; }
    public List<String> getMissing() { return missing; }
    public void setMissing(List<String> missing) { this.missing = missing; }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModuleProgress m && module == m.module && done == m.done && Objects.equals(title, m.title)
                && Objects.equals(missing, m.missing);
    }

    @Override
    public int hashCode() {
        return Objects.hash(module, title, done, missing);
    }
}
