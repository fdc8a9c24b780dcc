package dev.iotlab.operator.model;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.List;

/**
 * The student's own identity in the cluster: may look at and debug their lab (logs, port-forward, restart a pod,
 * read their credentials) and nothing outside their namespace. Cannot edit what the operator manages.
 */
public final class StudentAccess {
    public static final String NAME = "student";

    private StudentAccess() {
    }

    public static ServiceAccount serviceAccount(Lab lab) {
        return new ServiceAccountBuilder().withMetadata(LabObjects.meta(lab, NAME, null))
                .withAutomountServiceAccountToken(false).build();
    }

    public static Role role(Lab lab) {
        List<PolicyRule> rules = List.of(
                rule("", List.of("pods", "pods/log", "services", "endpoints", "configmaps",
                        "persistentvolumeclaims", "events", "resourcequotas", "limitranges"), "get", "list", "watch"),
                rule("", List.of("pods/portforward"), "create"),
                rule("", List.of("pods"), "delete"),
                new PolicyRuleBuilder().withApiGroups("").withResources("secrets")
                        .withResourceNames(lab.credentialsSecretName()).withVerbs("get").build(),
                rule("apps", List.of("deployments", "replicasets"), "get", "list", "watch"),
                rule("networking.k8s.io", List.of("ingresses", "networkpolicies"), "get", "list", "watch"));
        return new RoleBuilder().withMetadata(LabObjects.meta(lab, NAME, null)).withRules(rules).build();
    }

    public static RoleBinding roleBinding(Lab lab) {
        return LabAccess.binding(lab, NAME, null);
    }

    private static PolicyRule rule(String group, List<String> resources, String... verbs) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resources).withVerbs(verbs).build();
    }
}
