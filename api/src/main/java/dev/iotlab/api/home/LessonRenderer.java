package dev.iotlab.api.home;

import dev.iotlab.api.home.Lessons.Lesson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;

/**
 * A lesson's Markdown (GitHub's flavour: tables, heading anchors) as HTML for the home page, with commonmark-java:
 * raw HTML in the Markdown is escaped, not passed through, and only http, https and mailto addresses are kept.
 * On the way the student's own values are filled in ({@link LabValues}): {@code <your-host>} wherever it is written,
 * and after a code span naming a URL of the .env ({@code GRAFANA_URL}, {@code GRAFANA_URL/d/workshop-module06}) the
 * address in this lab. Links are mapped by {@link LessonLinks}. Mermaid diagrams are shown as their source, marked.
 */
public final class LessonRenderer {
    /** The placeholder the lessons write for the student's host name (in code, so GitHub shows it). */
    public static final String HOST_PLACEHOLDER = "<your-host>";
    private static final Pattern URL_VARIABLE = Pattern.compile("([A-Z][A-Z_]*_URL)(/\\S*)?");
    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create(), HeadingAnchorExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder().extensions(EXTENSIONS)
            .escapeHtml(true).sanitizeUrls(true).urlSanitizer(new DefaultUrlSanitizer(List.of("http", "https", "mailto")))
            .nodeRendererFactory(CodeBlocks::new)
            .build();

    /**
     * What the page knows of the student's lab: the host (null when unknown: the placeholder stays visible) and the
     * .env's URL variables with this lab's values (only those the lab has).
     */
    public record LabValues(String host, Map<String, String> urls) {
        public static final LabValues UNKNOWN = new LabValues(null, Map.of());
    }

    private final LessonLinks links;

    public LessonRenderer(Lessons lessons) {
        this.links = new LessonLinks(lessons);
    }

    /** The lesson's body as HTML (no page around it). */
    public String render(Lesson lesson, LabValues lab) {
        Node document = PARSER.parse(lesson.markdown());
        document.accept(new Filling(lesson, lab));
        return HTML.render(document);
    }

    /** Replaces placeholders and maps links in the parsed lesson; nodes are added or replaced, never raw HTML. */
    private final class Filling extends AbstractVisitor {
        private final Lesson lesson;
        private final LabValues lab;

        Filling(Lesson lesson, LabValues lab) {
            this.lesson = lesson;
            this.lab = lab;
        }

        private String fill(String text) {
            return lab.host() == null ? text : text.replace(HOST_PLACEHOLDER, lab.host());
        }

        @Override
        public void visit(Text text) {
            text.setLiteral(fill(text.getLiteral()));
        }

        @Override
        public void visit(FencedCodeBlock block) {
            block.setLiteral(fill(block.getLiteral()));
        }

        @Override
        public void visit(IndentedCodeBlock block) {
            block.setLiteral(fill(block.getLiteral()));
        }

        @Override
        public void visit(Code code) {
            code.setLiteral(fill(code.getLiteral()));
            Matcher m = URL_VARIABLE.matcher(code.getLiteral());
            String base = m.matches() ? lab.urls().get(m.group(1)) : null;
            if (base == null || code.getParent() instanceof Link) {
                return;
            }
            String value = join(base, m.group(2));
            Node value1 = value.startsWith("http") ? link(value, m.group(1) + " in your lab", new Text(value))
                    : withChild(new Code(), value);
            insertAfter(code, new Text(" (your lab: "), value1, new Text(")"));
        }

        @Override
        public void visit(Link link) {
            LessonLinks.Target target = links.resolve(lesson, link.getDestination());
            if (target instanceof LessonLinks.Href href) {
                link.setDestination(href.href());
                visitChildren(link);
                return;
            }
            visitChildren(link);
            presentAsFile(link, ((LessonLinks.RepositoryFile) target).path());
        }

        @Override
        public void visit(Image image) {
            LessonLinks.Target target = links.resolve(lesson, image.getDestination());
            visitChildren(image);
            if (target instanceof LessonLinks.Href href) {
                image.setDestination(href.href());
            } else {
                presentAsFile(image, ((LessonLinks.RepositoryFile) target).path());
            }
        }

        @Override
        public void visit(HtmlInline html) {
            if (lab.host() != null && HOST_PLACEHOLDER.equals(html.getLiteral())) {
                html.insertAfter(new Text(lab.host()));
                html.unlink();
            }
        }
    }

    /** A link or image to a repository file not on the page: its text, then the file's path in the repository. */
    private static void presentAsFile(Node linkOrImage, String path) {
        List<Node> replacement = new ArrayList<>();
        for (Node child = linkOrImage.getFirstChild(); child != null; child = child.getNext()) {
            replacement.add(child);
        }
        replacement.add(new Text(" (file "));
        replacement.add(withChild(new Code(), path));
        replacement.add(new Text(" in the course repository)"));
        insertAfter(linkOrImage, replacement.toArray(Node[]::new));
        linkOrImage.unlink();
    }

    static String join(String base, String path) {
        if (path == null || path.isEmpty()) {
            return base;
        }
        return base.replaceAll("/+$", "") + path;
    }

    private static Link link(String destination, String title, Node child) {
        Link link = new Link(destination, title);
        link.appendChild(child);
        return link;
    }

    private static Code withChild(Code code, String literal) {
        code.setLiteral(literal);
        return code;
    }

    private static void insertAfter(Node anchor, Node... nodes) {
        Node at = anchor;
        for (Node n : nodes) {
            at.insertAfter(n);
            at = n;
        }
    }

    /** Code blocks as commonmark renders them, except Mermaid diagrams: a figure with the source, captioned. */
    private static final class CodeBlocks implements NodeRenderer {
        private final HtmlWriter html;

        CodeBlocks(HtmlNodeRendererContext context) {
            this.html = context.getWriter();
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(FencedCodeBlock.class);
        }

        @Override
        public void render(Node node) {
            FencedCodeBlock block = (FencedCodeBlock) node;
            String info = Optional.ofNullable(block.getInfo()).orElse("").trim().split("\\s+")[0];
            boolean diagram = info.equals("mermaid");
            Map<String, String> code = new LinkedHashMap<>();
            if (!info.isEmpty()) {
                code.put("class", "language-" + info);
            }
            html.line();
            if (diagram) {
                html.tag("figure", Map.of("class", "diagram"));
                html.tag("figcaption");
                html.text("Diagram (its Mermaid source; GitHub draws it as a picture):");
                html.tag("/figcaption");
            }
            html.tag("pre");
            html.tag("code", code);
            html.text(block.getLiteral());
            html.tag("/code");
            html.tag("/pre");
            if (diagram) {
                html.tag("/figure");
            }
            html.line();
        }
    }
}
