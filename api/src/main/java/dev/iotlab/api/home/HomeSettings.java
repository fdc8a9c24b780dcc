package dev.iotlab.api.home;

import dev.iotlab.contract.HomeContract;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import java.nio.file.Path;

/**
 * Settings of the student's home page, bound like every API setting (see {@code ApiSettings}): Micronaut binds the
 * raw text of IOTLAB_LAB_ENDPOINTS and IOTLAB_STUDENT_CREDENTIALS_DIR into the records below, the shared contract
 * ({@link HomeContract}) reads each.
 */
@Context
public class HomeSettings {
    /** IOTLAB_LAB_ENDPOINTS as given. */
    @ConfigurationProperties("iotlab.lab")
    public record LabProperties(@Nullable String endpoints) {
    }

    /** IOTLAB_STUDENT_CREDENTIALS_DIR as given. */
    @ConfigurationProperties("iotlab.student.credentials")
    public record CredentialsProperties(@Nullable String dir) {
    }

    private final String endpointsJson;
    private final Path credentialsDir;

    public HomeSettings(LabProperties lab, CredentialsProperties credentials) {
        String json = HomeContract.LAB_ENDPOINTS.value(lab.endpoints());
        this.endpointsJson = json == null || json.isBlank() ? null : json;
        String dir = HomeContract.STUDENT_CREDENTIALS_DIR.value(credentials.dir());
        this.credentialsDir = dir == null || dir.isBlank() ? null : Path.of(dir);
    }

    /** The lab's endpoints as the operator wrote them (a JSON list), or null: no links. */
    public String endpointsJson() { return endpointsJson; }

    /** Where the student's credentials are mounted, or null: no .env after sign-in. */
    public Path credentialsDir() { return credentialsDir; }
}
