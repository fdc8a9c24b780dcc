package dev.iotlab.operator.course;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * The course view (iotlab.course-view.*): when a Ready lab counts as stuck, and the optional token that guards the
 * view when it is exposed beyond port-forward (IOTLAB_COURSE_VIEW_TOKEN, from a Secret; see charts/README.md).
 */
@ConfigurationProperties("iotlab.course-view")
public class CourseViewSettings {
    private Duration stuckAfter = Duration.ofMinutes(20);
    private String token;

    public Duration getStuckAfter() { return stuckAfter; }
    public void setStuckAfter(Duration stuckAfter) { this.stuckAfter = stuckAfter; }
    public String getToken() { return token; }
    public void setToken(String token) { this.token = token == null || token.isBlank() ? null : token.trim(); }
}
