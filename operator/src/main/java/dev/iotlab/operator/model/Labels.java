package dev.iotlab.operator.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** Label keys put on everything the operator makes, so objects can be found, grouped and cleaned up. */
public final class Labels {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "iotlab-operator";
    /** Selector used by the operator's informers: they only cache what the operator made. */
    public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + MANAGED_BY_VALUE;
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String NAME = "app.kubernetes.io/name";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String LAB = "iotlab.dev/lab";
    public static final String STUDENT = "iotlab.dev/student";
    public static final String COURSE = "iotlab.dev/course";

    private Labels() {
    }

    /** Labels common to every object of a lab. */
    public static Map<String, String> forLab(Lab lab) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, MANAGED_BY_VALUE);
        labels.put(PART_OF, "iotlab");
        labels.put(LAB, lab.name());
        labels.put(STUDENT, lab.studentLabel());
        if (lab.course() != null) {
            labels.put(COURSE, lab.course());
        }
        return labels;
    }

    /** Labels of one component's objects; {@link #selector} is the stable subset used by Services and Deployments. */
    public static Map<String, String> forComponent(Lab lab, String component) {
        Map<String, String> labels = forLab(lab);
        labels.put(NAME, component);
        labels.put(COMPONENT, component);
        labels.put(INSTANCE, lab.name());
        return labels;
    }

    public static Map<String, String> selector(String component) {
        return Map.of(NAME, component);
    }
}
