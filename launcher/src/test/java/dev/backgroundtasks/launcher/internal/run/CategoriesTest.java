package dev.backgroundtasks.launcher.internal.run;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

import dev.backgroundtasks.api.Observer;
import dev.backgroundtasks.launcher.internal.output.Phases;

/** Startup categories in a real framework: the entries of the mode, by ranking, each failure reported. */
class CategoriesTest {
    @TempDir
    Path temp;
    private final TestConsole console = new TestConsole();
    private final FrameworkSession session = new FrameworkSession(console.console, new Phases(console.console, System.nanoTime()));
    private final List<String> observed = new CopyOnWriteArrayList<>();
    private BundleContext context;

    @BeforeEach
    void framework() throws Exception {
        session.create(Map.of(), temp.resolve("storage"));
        session.start();
        context = session.context();
        entry("normal-only", "NORMAL", 0);
        entry("default-mode", null, 0);
        entry("background-low", "BACKGROUND", -5);
        entry("always-high", "ALWAYS", 10);
        entry("background-mid", "BACKGROUND", 0);
    }

    @AfterEach
    void stop() {
        session.stop(System.nanoTime() + 10_000_000_000L);
    }

    private void entry(String name, String mode, int ranking) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Categories.CATEGORY, Categories.APP_STARTUP);
        props.put("component.name", name);
        props.put(Constants.SERVICE_RANKING, ranking);
        if (mode != null) {
            props.put(Categories.MODE, mode);
        }
        context.registerService(Observer.class, (topic, subject) -> observed.add(name + " " + topic + " " + subject), props);
    }

    @Test
    void backgroundModeNotifiesBackgroundAndAlwaysEntriesByRanking() {
        Categories categories = new Categories(context, true, console.console);
        categories.fire(Categories.APP_STARTUP, "s");
        assertEquals(List.of("always-high app-startup s", "background-mid app-startup s", "background-low app-startup s"),
                observed);
        assertEquals(List.of("always-high", "background-mid", "background-low"),
                categories.notified().stream().map(Categories.Notified::component).toList());
        categories.fire(Categories.FINAL_STARTUP, null);
        assertEquals(3, observed.size(), "no entry of another category");
    }

    @Test
    void normalModeNotifiesNormalUnmarkedAndAlwaysEntries() {
        new Categories(context, false, console.console).fire(Categories.APP_STARTUP, null);
        assertEquals(List.of("always-high app-startup null", "normal-only app-startup null", "default-mode app-startup null"),
                observed);
    }

    @Test
    void aFailingEntryIsReportedAndTheOthersStillRun() {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Categories.CATEGORY, Categories.APP_STARTUP);
        props.put(Categories.MODE, "ALWAYS");
        props.put("component.name", "broken");
        props.put(Constants.SERVICE_RANKING, 20);
        context.registerService(Observer.class, (topic, subject) -> {
            throw new IllegalStateException("boom");
        }, props);
        new Categories(context, true, console.console).fire(Categories.APP_STARTUP, null);
        assertEquals(3, observed.size(), observed.toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> console.err().contains(
                "category entry broken failed on app-startup: java.lang.IllegalStateException: boom"));
        assertTrue(console.out().isEmpty());
    }
}
