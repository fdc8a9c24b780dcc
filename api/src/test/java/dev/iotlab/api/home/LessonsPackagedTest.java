package dev.iotlab.api.home;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlab.api.home.Lessons.Lesson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;

/**
 * The lessons the API serves (packaged at build time) are exactly the repository's workshop/modules/NN-*: a lesson
 * edited without rebuilding the API, a module or image added without packaging it, fails here.
 */
class LessonsPackagedTest {
    static final Path WORKSHOP = Path.of("..", "workshop");

    @Test
    void thePackagedLessonsEqualTheWorkshopsFiles() throws Exception {
        List<Lesson> packaged = Lessons.packaged();
        List<Lesson> repository = Lessons.read(WORKSHOP);
        assertThat(packaged).extracting(Lesson::id).containsExactlyElementsOf(
                repository.stream().map(Lesson::id).toList());
        for (int i = 0; i < repository.size(); i++) {
            Lesson want = repository.get(i);
            Lesson got = packaged.get(i);
            assertThat(got.path()).isEqualTo(want.path());
            assertThat(got.markdown()).as(want.path() + " packaged as it is in the repository (rebuild the API)")
                    .isEqualTo(want.markdown());
            assertThat(got.images().keySet()).as(want.path() + " images").isEqualTo(want.images().keySet());
            want.images().forEach((name, bytes) -> assertThat(got.images().get(name)).as(name).isEqualTo(bytes));
        }
        try (Stream<Path> dirs = Files.list(WORKSHOP.resolve("modules"))) {
            assertThat(packaged.stream().filter(Lesson::isModule)).as("one lesson per module folder")
                    .hasSize((int) dirs.filter(d -> Files.exists(d.resolve("README.md"))).count()).hasSize(10);
        }
        assertThat(packaged).extracting(Lesson::id).contains("evidence");
    }

    /**
     * GitHub renders raw HTML in Markdown (or hides what looks like a tag: {@code <your-host>} outside code vanishes),
     * the page escapes it: the lessons have none, so both show the same text.
     */
    @Test
    void noLessonHasRawHtmlOutsideCode() throws Exception {
        Parser parser = Parser.builder().extensions(List.of(TablesExtension.create())).build();
        for (Lesson lesson : Lessons.read(WORKSHOP)) {
            List<String> raw = new ArrayList<>();
            parser.parse(lesson.markdown()).accept(new AbstractVisitor() {
                @Override
                public void visit(HtmlInline html) {
                    raw.add(html.getLiteral());
                }

                @Override
                public void visit(HtmlBlock html) {
                    raw.add(html.getLiteral());
                }
            });
            assertThat(raw).as(lesson.path() + ": put placeholders like <your-host> in `code`").isEmpty();
        }
    }
}
