package dev.backgroundtasks.testing.exam;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskDefinition;
import dev.backgroundtasks.testing.Distribution;
import dev.backgroundtasks.testing.framework.FrameworkTaskRun;

/**
 * A platform bundle the test's build made, in place of the installation's copy (here a copy of the
 * distribution's own schedules bundle, at another location), and a bundle the platform lacks, added;
 * then {@link FrameworkTaskRun#await} on what the framework does after a bundle starts.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformReplacingIT {
    private static final String SCHEDULES = "dev.backgroundtasks.schedules";
    private static final String COPY_PREFIX = "bt-replacing-";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return options(BackgroundTasksOptions.platformReplacing(schedulesCopy(),
                Path.of(System.getProperty("fixture.library"))));
    }

    @Test
    public void theReplacementIsInstalledOnceInPlaceOfThePlatformsCopy() {
        List<Bundle> schedules = named(SCHEDULES);
        assertEquals(schedules.toString(), 1, schedules.size());
        assertTrue(schedules.get(0).getLocation(), schedules.get(0).getLocation().contains(COPY_PREFIX));
        assertEquals(Bundle.ACTIVE, schedules.get(0).getState());
    }

    @Test
    public void aBundleThePlatformLacksIsAddedAndStarted() {
        List<Bundle> library = named("dev.backgroundtasks.testing.fixture.library");
        assertEquals(library.toString(), 1, library.size());
        assertEquals(Bundle.ACTIVE, library.get(0).getState());
    }

    @Test
    public void awaitAsksAgainWhenTheFrameworkChanges() throws Exception {
        Bundle dropTask = context.installBundle(Path.of(System.getProperty("fixture.droptask")).toUri().toString());
        try {
            dropTask.start();
            // the task's component waits for the library's service; the condition sees it once SCR registers it
            ServiceReference<?> task = FrameworkTaskRun.await(context, "droptask registered", FrameworkTaskRun.DEFAULT_TIMEOUT,
                    () -> Stream.ofNullable(dropTask.getRegisteredServices()).flatMap(Arrays::stream)
                            .filter(r -> "droptask".equals(r.getProperty(TaskDefinition.PREFIX_ + "name")))
                            .findFirst());
            assertTrue(Arrays.asList((String[]) task.getProperty("objectClass")).contains(BackgroundTask.class.getName()));
        } finally {
            dropTask.uninstall();
        }
    }

    @Test
    public void awaitFailsNamingWhatNeverHappened() {
        AssertionError e = assertThrows(AssertionError.class, () -> FrameworkTaskRun.await(context,
                "a condition that never holds", Duration.ofMillis(200), Optional::empty));
        assertTrue(e.getMessage(), e.getMessage().contains("a condition that never holds"));
    }

    private List<Bundle> named(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).toList();
    }

    /** The distribution's schedules bundle, copied out of the zip to a new file. */
    private static Path schedulesCopy() {
        try (FileSystem zip = FileSystems.newFileSystem(Distribution.locate());
                Stream<Path> files = Files.walk(zip.getPath("/"))) {
            Path jar = files.filter(p -> p.getParent() != null && p.getParent().endsWith("bundles")
                    && p.getFileName().toString().startsWith(SCHEDULES + "-")).findFirst().orElseThrow();
            Path copy = Files.createTempFile(COPY_PREFIX, ".jar");
            copy.toFile().deleteOnExit();
            return Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
