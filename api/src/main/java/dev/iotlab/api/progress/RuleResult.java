package dev.iotlab.api.progress;

/** One rule of a module (id as in EVIDENCE.md, e.g. m3.bridge): whether it holds and the line shown for it. */
public record RuleResult(String id, boolean ok, String text) {
}
