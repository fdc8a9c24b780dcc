package dev.iotlab.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.iotlab.charts.OperatorPermissions.Derived;
import dev.iotlab.charts.OperatorPermissions.Permission;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC is exactly what the operator's code needs: nothing missing (the operator would fail with 403 or
 * could not create the student Role), nothing extra (least privilege). Compared both ways against
 * {@link OperatorPermissions#derive()}.
 */
class ClusterRoleTest {
    private static Derived derived;
    private static List<Map<String, Object>> rendered;

    @BeforeAll
    static void setUp() {
        derived = OperatorPermissions.derive();
        rendered = Charts.template(Charts.OPERATOR, "iotlab-operator", "iotlab-system", null);
    }

    private static Set<Permission> granted(String kind) {
        Set<Permission> result = new TreeSet<>();
        for (Map<String, Object> role : Charts.ofKind(rendered, kind)) {
            List<PolicyRule> rules = Charts.YAML.convertValue(role.get("rules"), new TypeReference<>() { });
            rules.forEach(r -> result.addAll(OperatorPermissions.expand(r)));
        }
        return result;
    }

    private static String explain(Set<Permission> permissions) {
        return permissions.stream().map(p -> p + "  <- " + derived.why().getOrDefault(p, "not needed by the operator"))
                .collect(Collectors.joining("\n  ", "\n  ", ""));
    }

    @Test
    void clusterRoleHoldsEveryPermissionTheOperatorUses() {
        Set<Permission> missing = new TreeSet<>(derived.clusterWide());
        missing.removeAll(granted("ClusterRole"));
        assertThat(missing).as("missing from the ClusterRole:%s", explain(missing)).isEmpty();
    }

    @Test
    void clusterRoleHoldsNothingElse() {
        Set<Permission> extra = new TreeSet<>(granted("ClusterRole"));
        extra.removeAll(derived.clusterWide());
        assertThat(extra).as("in the ClusterRole but not used by the operator:%s", explain(extra)).isEmpty();
    }

    @Test
    void leaderElectionRoleIsExactlyTheLeaseInTheReleaseNamespace() {
        assertThat(granted("Role")).isEqualTo(derived.leaseNamespace());
        assertThat(Charts.ofKind(rendered, "Role")).singleElement()
                .satisfies(r -> assertThat(Charts.map(r, "metadata").get("namespace")).isEqualTo("iotlab-system"));
    }

    @Test
    void derivationSeesTheWholeWorkflow() {
        // A guard against a derivation that silently finds nothing: these come from the @Workflow dependents.
        assertThat(derived.clusterWide()).contains(
                new Permission("", "namespaces", "create", Permission.ANY),
                new Permission("apps", "deployments", "delete", Permission.ANY),
                new Permission("rbac.authorization.k8s.io", "roles", "patch", Permission.ANY),
                new Permission("iotlab.dev", "iotlabs/status", "patch", Permission.ANY),
                new Permission("", "pods/portforward", "create", Permission.ANY));
        assertThat(derived.clusterWide()).as("optional dependents, and only their own CRDs read").contains(
                new Permission("gateway.networking.k8s.io", "httproutes", "patch", Permission.ANY),
                new Permission("traefik.io", "middlewares", "delete", Permission.ANY),
                new Permission("apiextensions.k8s.io", "customresourcedefinitions", "get",
                        "httproutes.gateway.networking.k8s.io"))
                .doesNotContain(new Permission("apiextensions.k8s.io", "customresourcedefinitions", "get",
                        Permission.ANY));
        assertThat(derived.clusterWide()).as("the credentials Secret is never updated")
                .doesNotContain(new Permission("", "secrets", "update", Permission.ANY));
        assertThat(derived.clusterWide()).as("no escalate/bind shortcut")
                .noneMatch(p -> p.verb().equals("escalate") || p.verb().equals("bind") || p.verb().equals("*"));
    }

    @Test
    void bindingsGiveTheRolesToTheChartsServiceAccount() {
        var sa = Charts.ofKind(rendered, "ServiceAccount").get(0);
        String saName = (String) Charts.map(sa, "metadata").get("name");
        for (String kind : List.of("ClusterRoleBinding", "RoleBinding")) {
            var binding = Charts.ofKind(rendered, kind).get(0);
            @SuppressWarnings("unchecked")
            var subjects = (List<Map<String, Object>>) binding.get("subjects");
            assertThat(subjects).singleElement().satisfies(s -> {
                assertThat(s.get("name")).isEqualTo(saName);
                assertThat(s.get("namespace")).isEqualTo("iotlab-system");
            });
        }
    }
}
