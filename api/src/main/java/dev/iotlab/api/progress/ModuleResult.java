package dev.iotlab.api.progress;

import java.util.List;

/** A module is done when every one of its rules holds. */
public record ModuleResult(int module, String title, List<RuleResult> rules) {
    public boolean done() {
        return rules.stream().allMatch(RuleResult::ok);
    }

    /** The hints of the rules that do not hold, in rule order. */
    public List<String> missing() {
        return rules.stream().filter(r -> !r.ok()).map(RuleResult::text).toList();
    }
}
