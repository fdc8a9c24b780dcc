package dev.iotlab.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlab.operator.traefik.Middleware;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TraefikMiddlewaresTest {
    @Test
    void stripPrefixForAppsAtTheRootAndARedirectOnlyForBareUiPaths() {
        Lab lab = TestLabs.lab("student: {name: A}\naccess: {ingress: {host: a.example.edu, className: traefik}}");
        List<Middleware> middlewares = TraefikMiddlewares.desired(lab);
        assertThat(middlewares).extracting(m -> m.getMetadata().getName())
                .containsExactly("lab-strip-prefix", "lab-slash-redirect");
        assertThat(middlewares).allMatch(m -> "iotlab-alice".equals(m.getMetadata().getNamespace()));
        assertThat(middlewares.get(0).getSpec().getStripPrefix().prefixes()).containsExactlyInAnyOrder("/api", "/emqx");
        var redirect = middlewares.get(1).getSpec().getRedirectRegex();
        assertThat(redirect.permanent()).isTrue();
        // Traefik matches the regex against scheme://host/path (Go regexp; this one has the same meaning in Java).
        Pattern regex = Pattern.compile(redirect.regex());
        String replacement = redirect.replacement().replace("${1}", "$1").replace("${2}", "$2");
        assertThat(regex.matcher("https://a.example.edu/grafana").replaceAll(replacement))
                .isEqualTo("https://a.example.edu/grafana/");
        assertThat(regex.matcher("http://a.example.edu/node-red").replaceAll(replacement))
                .isEqualTo("http://a.example.edu/node-red/");
        assertThat(regex.matcher("https://a.example.edu/emqx").matches()).isTrue();
        assertThat(regex.matcher("https://a.example.edu/grafana/").matches()).isFalse();
        assertThat(regex.matcher("https://a.example.edu/grafana/d/home").matches()).isFalse();
        assertThat(regex.matcher("https://a.example.edu/api").matches()).as("the API is not a UI").isFalse();
    }

    @Test
    void nginxLabsAndLabsWithoutIngressHaveNone() {
        assertThat(TraefikMiddlewares.desired(TestLabs.lab("student: {name: A}\naccess: {ingress: {host: a.example.edu}}"))).isEmpty();
        assertThat(TraefikMiddlewares.desired(TestLabs.minimal())).isEmpty();
    }
}
