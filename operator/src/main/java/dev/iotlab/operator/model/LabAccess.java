package dev.iotlab.operator.model;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;

/** Every identity of a lab and what it may do: the student's ({@link StudentAccess}) and the components' own. */
public final class LabAccess {
    private LabAccess() {
    }

    public static List<ServiceAccount> serviceAccounts(Lab lab) {
        List<ServiceAccount> all = new ArrayList<>(List.of(StudentAccess.serviceAccount(lab)));
        Components.enabled(lab).forEach(c -> all.addAll(c.serviceAccounts(lab)));
        return all;
    }

    public static List<Role> roles(Lab lab) {
        List<Role> all = new ArrayList<>(List.of(StudentAccess.role(lab)));
        Components.enabled(lab).forEach(c -> all.addAll(c.roles(lab)));
        return all;
    }

    public static List<RoleBinding> roleBindings(Lab lab) {
        List<RoleBinding> all = new ArrayList<>(List.of(StudentAccess.roleBinding(lab)));
        Components.enabled(lab).forEach(c -> all.addAll(c.roleBindings(lab)));
        return all;
    }

    /** A RoleBinding giving the Role of the same name to the ServiceAccount of the same name. */
    static RoleBinding binding(Lab lab, String name, String component) {
        return new io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder()
                .withMetadata(LabObjects.meta(lab, name, component))
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(name).endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(lab.namespace()).endSubject()
                .build();
    }
}
