package dev.iotlab.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Student {
    @Required
    @Size(min = 1, max = 100)
    @JsonPropertyDescription("The student's display name, shown in `kubectl get iotlabs` and the handout.")
    private String name;

    @Pattern("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")
    @Size(max = 254)
    @JsonPropertyDescription("Optional e-mail address, e.g. alice@example.edu.")
    private String email;

    public Student() {
    }

    public Student(String name, String email) {
        this.name = name;
        this.email = email;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getEmail() { return email; }
    public void setEmail(String email) { this.email = email; }
}
