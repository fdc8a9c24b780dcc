package dev.iotlab.api.home;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlab.api.home.LessonRenderer.LabValues;
import dev.iotlab.api.home.Lessons.Lesson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Placeholders filled from the lab, links mapped to the page's addresses, and nothing raw let through. */
class LessonRendererTest {
    static final Lesson ONE = new Lesson("01", "workshop/modules/01-introduction/README.md", "Module 1", "", Map.of());
    static final Lesson FIVE = new Lesson("05", "workshop/modules/05-node-red/README.md", "Module 5", "",
            Map.of("images/editor.png", new byte[] {1}));
    static final Lesson EVIDENCE = new Lesson("evidence", "workshop/EVIDENCE.md", "Evidence", "", Map.of());
    static final Lessons LESSONS = new Lessons(List.of(ONE, FIVE, EVIDENCE));
    static final LabValues ALICE = new LabValues("alice.labs.example.edu", Map.of(
            "GRAFANA_URL", "https://alice.labs.example.edu/grafana/", "MQTT_WS_URL", "wss://alice.labs.example.edu/mqtt"));

    static String render(Lesson in, String markdown, LabValues lab) {
        return new LessonRenderer(LESSONS).render(new Lesson(in.id(), in.path(), in.title(), markdown, in.images()), lab);
    }

    @Test
    void theHostIsFilledInCodeSpansBlocksAndTextAndStaysVisibleWhenUnknown() {
        String md = "Connect to `wss://<your-host>/mqtt`.\n\n```text\nMQTT_WS_URL=wss://<your-host>/mqtt\n```\n\n"
                + "Bare <your-host> too.\n";
        assertThat(render(ONE, md, ALICE)).contains("<code>wss://alice.labs.example.edu/mqtt</code>")
                .contains("MQTT_WS_URL=wss://alice.labs.example.edu/mqtt\n</code></pre>")
                .contains("Bare alice.labs.example.edu too.").doesNotContain("your-host");
        assertThat(render(ONE, md, LabValues.UNKNOWN)).contains("<code>wss://&lt;your-host&gt;/mqtt</code>")
                .contains("Bare &lt;your-host&gt; too.");
    }

    @Test
    void aCodeSpanNamingAUrlOfTheEnvIsFollowedByThisLabsAddress() {
        String html = render(ONE, "Open `GRAFANA_URL/d/workshop-module06`, see `GRAFANA_URL`; `MQTT_WS_URL`; "
                + "`NODE_RED_URL` (none here); `GRAFANA_USER`.", ALICE);
        assertThat(html).contains("<code>GRAFANA_URL/d/workshop-module06</code> (your lab: <a rel=\"nofollow\" href=\"https://alice.labs"
                        + ".example.edu/grafana/d/workshop-module06\" title=\"GRAFANA_URL in your lab\">"
                        + "https://alice.labs.example.edu/grafana/d/workshop-module06</a>)")
                .contains("<code>GRAFANA_URL</code> (your lab: <a rel=\"nofollow\" href=\"https://alice.labs.example.edu/grafana/\"")
                .contains("<code>MQTT_WS_URL</code> (your lab: <code>wss://alice.labs.example.edu/mqtt</code>)")
                .contains("<code>NODE_RED_URL</code> (none here)").contains("<code>GRAFANA_USER</code>.");
        assertThat(render(ONE, "see `GRAFANA_URL`", LabValues.UNKNOWN)).contains("<code>GRAFANA_URL</code></p>");
    }

    @Test
    void linksToLessonsImagesAndTheEvidenceGoToTheirPagesAndOtherFilesAreShownAsPaths() {
        String html = render(FIVE, """
                [next](../01-introduction/README.md#objectives), [folder](../01-introduction/), \
                [rules](../../EVIDENCE.md), [top](#checkpoint), [web](https://nodered.org/docs/), \
                [starter](../../exercises/module05/deploy_flow.py), [root](../../../README.md), [out](../../../../x.md)

                ![The editor](images/editor.png) ![gone](images/gone.png)
                """, ALICE);
        assertThat(html).contains("<a rel=\"nofollow\" href=\"01#objectives\">next</a>", "<a rel=\"nofollow\" href=\"01\">folder</a>",
                        "<a rel=\"nofollow\" href=\"evidence\">rules</a>", "<a rel=\"nofollow\" href=\"#checkpoint\">top</a>",
                        "<a rel=\"nofollow\" href=\"https://nodered.org/docs/\">web</a>",
                        "starter (file <code>workshop/exercises/module05/deploy_flow.py</code> in the course repository)",
                        "root (file <code>README.md</code> in the course repository)",
                        "out (file <code>../../../../x.md</code> in the course repository)",
                        "<img src=\"05/images/editor.png\" alt=\"The editor\" />",
                        "gone (file <code>workshop/modules/05-node-red/images/gone.png</code> in the course repository)")
                .doesNotContain("deploy_flow.py\"").doesNotContain("gone.png\"");
        assertThat(render(EVIDENCE, "[module 5](modules/05-node-red/README.md)", ALICE))
                .contains("<a rel=\"nofollow\" href=\"05\">module 5</a>");
    }

    @Test
    void rawHtmlIsEscapedAndOnlyWebAddressesAreKept() {
        String html = render(ONE, "<script>alert(1)</script>\n\n<b onclick=\"x\">bold</b> "
                + "[x](javascript:alert(1)) ![y](data:image/png;base64,AAAA)\n", ALICE);
        assertThat(html).doesNotContain("<script>").doesNotContain("<b ").doesNotContain("javascript:")
                .doesNotContain("data:").contains("&lt;script&gt;");
    }

    @Test
    void tablesAreTablesHeadingsHaveAnchorsAndDiagramsAreMarked() {
        String html = render(ONE, "# Module 1\n\n## Part 1: the lab\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                + "```mermaid\nflowchart LR\n  a[\"x<br/>y\"] --> b\n```\n", ALICE);
        assertThat(html).contains("<h2 id=\"part-1-the-lab\">Part 1: the lab</h2>")
                .contains("<table>", "<th>a</th>", "<td>2</td>")
                .contains("<figure class=\"diagram\"><figcaption>Diagram (its Mermaid source; GitHub draws it as a "
                        + "picture):</figcaption><pre><code class=\"language-mermaid\">flowchart LR\n  a[&quot;x&lt;br/&gt;y&quot;]");
    }
}
