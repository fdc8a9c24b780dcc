package dev.iotlab.operator.course;

import dev.iotlab.operator.customresource.Endpoint;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.customresource.IotLabStatus;
import dev.iotlab.operator.customresource.LabProgress;
import dev.iotlab.operator.customresource.Phase;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an instructor sees of one course: every lab's phase, components, progress and links, and on top how many
 * students are at each module and who looks stuck. Pure: built from the IotLabs' status, no client, no clock of its
 * own. Holds no credential (the status never has one; the credentials Secret's name is not even shown).
 */
public record CourseReport(String course, String generatedAt, long stuckAfterMinutes, Summary summary,
                           List<LabRow> labs) {
    public static final int MODULES = 10;

    public record Summary(int labs, Map<String, Integer> phases, Map<String, Integer> atModule,
                          Map<String, Integer> donePerModule, int finished, List<String> stuck) {
    }

    public record LabRow(String lab, String student, String namespace, String phase, String message,
                         List<Component> components, String progress, List<Module> modules, String lastActivity,
                         boolean stuck, String stuckReason, List<Link> links) {
    }

    public record Component(String name, boolean enabled, boolean ready, String message) {
    }

    public record Module(int module, String title, boolean done, List<String> missing) {
    }

    public record Link(String name, String url) {
    }

    /** The labs of one course (labs with no course are the course "-"). */
    public static CourseReport of(String course, List<IotLab> all, Instant now, Duration stuckAfter) {
        List<LabRow> rows = all.stream().filter(l -> course.equals(courseOf(l)))
                .sorted(Comparator.comparing(l -> l.getMetadata().getName()))
                .map(l -> row(l, now, stuckAfter)).toList();
        Map<String, Integer> phases = new TreeMap<>();
        Map<String, Integer> atModule = new LinkedHashMap<>();
        Map<String, Integer> donePerModule = new LinkedHashMap<>();
        for (int m = 1; m <= MODULES; m++) {
            atModule.put(String.valueOf(m), 0);
            donePerModule.put(String.valueOf(m), 0);
        }
        atModule.put("unknown", 0);
        int finished = 0;
        for (LabRow r : rows) {
            phases.merge(r.phase(), 1, Integer::sum);
            Optional<Integer> current = currentModule(r);
            if (r.modules().isEmpty()) {
                atModule.merge("unknown", 1, Integer::sum);
            } else if (current.isEmpty()) {
                finished++;
            } else {
                atModule.merge(String.valueOf(current.get()), 1, Integer::sum);
            }
            r.modules().stream().filter(Module::done)
                    .forEach(m -> donePerModule.merge(String.valueOf(m.module()), 1, Integer::sum));
        }
        List<String> stuck = rows.stream().filter(LabRow::stuck).map(LabRow::lab).toList();
        return new CourseReport(course, now.toString(), stuckAfter.toMinutes(),
                new Summary(rows.size(), phases, atModule, donePerModule, finished, stuck), rows);
    }

    /** The course of each lab and how many labs it has, for the list of courses. */
    public static Map<String, Integer> courses(List<IotLab> all) {
        Map<String, Integer> courses = new TreeMap<>();
        all.forEach(l -> courses.merge(courseOf(l), 1, Integer::sum));
        return courses;
    }

    public static String courseOf(IotLab lab) {
        String c = lab.getSpec() == null ? null : lab.getSpec().getCourse();
        return c == null || c.isBlank() ? "-" : c;
    }

    /** The first module not done: where the student is now; empty when every module is done. */
    static Optional<Integer> currentModule(LabRow r) {
        return r.modules().stream().filter(m -> !m.done()).map(Module::module).findFirst();
    }

    static LabRow row(IotLab lab, Instant now, Duration stuckAfter) {
        IotLabStatus s = lab.getStatus();
        String phase = s == null || s.getPhase() == null ? "Pending" : s.getPhase().name();
        List<Component> components = s == null ? List.of() : s.getComponents().stream()
                .map(c -> new Component(c.getName(), c.isEnabled(), c.isReady(), c.getMessage())).toList();
        LabProgress p = s == null ? null : s.getProgress();
        List<Module> modules = p == null ? List.of() : p.getModules().stream()
                .map(m -> new Module(m.getModule(), m.getTitle(), m.isDone(), List.copyOf(m.getMissing()))).toList();
        List<Link> links = new ArrayList<>();
        if (s != null) {
            for (Endpoint e : s.getEndpoints()) {
                if (e.getExternal() != null && e.getExternal().startsWith("http")) {
                    links.add(new Link(e.getName(), e.getExternal()));
                }
            }
        }
        String lastActivity = p == null ? null : p.getLastActivity();
        String stuckReason = stuckReason(phase, lastActivity, readySince(s), now, stuckAfter);
        String student = lab.getSpec() == null || lab.getSpec().getStudent() == null ? null
                : lab.getSpec().getStudent().getName();
        return new LabRow(lab.getMetadata().getName(), student, s == null ? null : s.getNamespace(), phase,
                s == null ? null : s.getMessage(), components, p == null ? null : p.getSummary(), modules,
                lastActivity, stuckReason != null, stuckReason, links);
    }

    /** Ready but nothing seen for stuckAfter: since the last activity, or since the lab became Ready if none yet. */
    static String stuckReason(String phase, String lastActivity, Instant readySince, Instant now, Duration stuckAfter) {
        if (!Phase.Ready.name().equals(phase)) {
            return null;
        }
        Instant last = parse(lastActivity);
        if (last != null) {
            Duration idle = Duration.between(last, now);
            return idle.compareTo(stuckAfter) >= 0 ? "no activity for " + idle.toMinutes() + " min" : null;
        }
        if (readySince != null && Duration.between(readySince, now).compareTo(stuckAfter) >= 0) {
            return "Ready for " + Duration.between(readySince, now).toMinutes() + " min, no activity yet";
        }
        return null;
    }

    static Instant readySince(IotLabStatus s) {
        if (s == null) {
            return null;
        }
        return s.getConditions().stream().filter(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
                .map(c -> parse(c.getLastTransitionTime())).filter(Objects::nonNull).findFirst().orElse(null);
    }

    private static Instant parse(String time) {
        if (time == null) {
            return null;
        }
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** One line per lab for grading: lab, student, phase, progress, one column per module (1/0), last activity. */
    public String csv() {
        StringBuilder out = new StringBuilder("lab,student,phase,progress,stuck,last_activity");
        for (int m = 1; m <= MODULES; m++) {
            out.append(",module").append(String.format("%02d", m));
        }
        out.append("\r\n");
        for (LabRow r : labs) {
            out.append(cell(r.lab())).append(',').append(cell(r.student())).append(',').append(cell(r.phase()))
                    .append(',').append(cell(r.progress())).append(',').append(r.stuck() ? "yes" : "no").append(',')
                    .append(cell(r.lastActivity()));
            for (int m = 1; m <= MODULES; m++) {
                int number = m;
                out.append(',').append(r.modules().stream().filter(x -> x.module() == number).findFirst()
                        .map(x -> x.done() ? "1" : "0").orElse(""));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    /** RFC 4180 quoting, and no cell a spreadsheet would run as a formula. */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 && !v.matches("-?\\d+(/\\d+)?")) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || !v.equals(value)) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
