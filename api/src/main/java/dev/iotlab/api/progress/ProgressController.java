package dev.iotlab.api.progress;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Controller("/progress")
@Tag(name = "progress")
public class ProgressController {
    private final ProgressTracker tracker;

    public ProgressController(ProgressTracker tracker) {
        this.tracker = tracker;
    }

    @Get
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Operation(summary = "Progress through the ten workshop modules, measured now (workshop/EVIDENCE.md): the same "
            + "shape as `python -m iotlab_workshop check --all --json`, plus lastActivity")
    public Map<String, Object> progress() {
        return json(tracker.evaluate(), tracker.lastActivity());
    }

    static Map<String, Object> json(ProgressRules.Evaluation e, Instant lastActivity) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("modules", e.modules().stream().map(m -> {
            Map<String, Object> module = new LinkedHashMap<>();
            module.put("module", m.module());
            module.put("title", m.title());
            module.put("done", m.done());
            module.put("rules", m.rules().stream().map(r -> Map.of("id", r.id(), "ok", r.ok(), "text", r.text()))
                    .toList());
            module.put("missing", m.missing());
            return module;
        }).toList());
        out.put("summary", e.summary());
        out.put("notes", List.copyOf(e.notes()));
        out.put("lastActivity", lastActivity == null ? null : lastActivity.toString());
        return out;
    }
}
