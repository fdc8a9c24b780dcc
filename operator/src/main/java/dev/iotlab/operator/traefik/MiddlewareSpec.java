package dev.iotlab.operator.traefik;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/** The two Middleware kinds the lab needs; exactly one is set per Middleware. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MiddlewareSpec {
    private StripPrefix stripPrefix;
    private RedirectRegex redirectRegex;

    public static MiddlewareSpec stripPrefix(List<String> prefixes) {
        MiddlewareSpec spec = new MiddlewareSpec();
        spec.stripPrefix = new StripPrefix(prefixes);
        return spec;
    }

    public static MiddlewareSpec redirectRegex(String regex, String replacement, boolean permanent) {
        MiddlewareSpec spec = new MiddlewareSpec();
        spec.redirectRegex = new RedirectRegex(regex, replacement, permanent);
        return spec;
    }

    public StripPrefix getStripPrefix() { return stripPrefix; }
    public void setStripPrefix(StripPrefix stripPrefix) { this.stripPrefix = stripPrefix; }
    public RedirectRegex getRedirectRegex() { return redirectRegex; }
    public void setRedirectRegex(RedirectRegex redirectRegex) { this.redirectRegex = redirectRegex; }

    @Override
    public boolean equals(Object o) {
        return o instanceof MiddlewareSpec m && Objects.equals(stripPrefix, m.stripPrefix)
                && Objects.equals(redirectRegex, m.redirectRegex);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stripPrefix, redirectRegex);
    }

    /** Removes the first matching prefix from the path before forwarding. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StripPrefix(List<String> prefixes) {
    }

    /** Redirects when the request URL (scheme://host/path) matches regex; replacement may use ${1}... */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RedirectRegex(String regex, String replacement, Boolean permanent) {
    }
}
