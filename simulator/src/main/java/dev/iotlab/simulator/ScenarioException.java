package dev.iotlab.simulator;

import java.util.List;

/** A scenario file that cannot be used; each problem is one line {@code file:line: message}. */
public class ScenarioException extends Exception {
    private final List<String> problems;

    public ScenarioException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
