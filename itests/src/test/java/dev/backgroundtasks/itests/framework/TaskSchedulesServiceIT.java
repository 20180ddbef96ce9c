package dev.backgroundtasks.itests.framework;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;

import dev.backgroundtasks.api.FrameworkProperties;
import dev.backgroundtasks.api.TaskSchedule;
import dev.backgroundtasks.api.TaskSchedules;
import dev.backgroundtasks.itests.Fixtures;
import dev.backgroundtasks.testing.exam.BackgroundTasksOptions;
import dev.backgroundtasks.testing.framework.FrameworkTaskRun;

/**
 * The TaskSchedules service as application code gets it: registered by SCR from the schedules bundle,
 * reading the installation from the framework properties the launcher sets.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TaskSchedulesServiceIT {
    static final String HASH = "00112233445566ff";

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() {
        // the schedules bundle the build just made, in place of the installation's copy; the framework
        // properties after the platform's, so that these win
        return options(BackgroundTasksOptions.platformReplacing(Fixtures.fixture("dev.backgroundtasks.schedules")),
                frameworkProperty(FrameworkProperties.INSTALLATION).value("/opt/app"),
                frameworkProperty(FrameworkProperties.INSTALLATION_HASH).value(HASH),
                frameworkProperty(FrameworkProperties.RUNTIME_DIR).value("/run/user/0/backgroundtasks/" + HASH));
    }

    @Test
    public void theServiceRendersThisInstallationsUnitsAndListsNoneOfAnother() throws Exception {
        ServiceTracker<TaskSchedules, TaskSchedules> tracker = new ServiceTracker<>(context, TaskSchedules.class, null);
        tracker.open();
        try {
            TaskSchedules schedules = tracker.waitForService(FrameworkTaskRun.DEFAULT_TIMEOUT.toMillis());
            assertNotNull("TaskSchedules is registered", schedules);
            ServiceReference<TaskSchedules> reference = tracker.getServiceReference();
            assertEquals("dev.backgroundtasks.schedules", reference.getBundle().getSymbolicName());
            ComponentDescriptionDTO description = scr.getComponentDescriptionDTOs(reference.getBundle()).iterator().next();
            ComponentConfigurationDTO configuration = scr.getComponentConfigurationDTOs(description).iterator().next();
            assertEquals(ComponentConfigurationDTO.ACTIVE, configuration.state);

            TaskSchedule s = TaskSchedule.calendar("cleanup", "daily").jitter(Duration.ofMinutes(30)).catchUp(true)
                    .arguments(List.of("a b"));
            Map<String, String> files = schedules.render(s, TaskSchedules.Format.SYSTEMD);
            String unit = "backgroundtasks-" + HASH + "-cleanup";
            assertEquals(List.of(unit + ".service", unit + ".timer"), List.copyOf(files.keySet()));
            assertTrue(files.get(unit + ".service"), files.get(unit + ".service")
                    .contains("\"/opt/app/launcher.jar\" \"--backgroundtask\" \"cleanup\" \"--\" \"a b\"\n"));
            assertTrue(files.get(unit + ".timer").contains("\nOnCalendar=daily\nRandomizedDelaySec=30min\nPersistent=true\n"));
            assertTrue(schedules.render(s.catchUp(false), TaskSchedules.Format.CRON).get("crontab")
                    .contains("flock -n -E 6 /run/user/0/backgroundtasks/" + HASH + "/schedule-cleanup.lock"));
            assertEquals("no schedule of an installation that never registered one", List.of(), schedules.list());
        } finally {
            tracker.close();
        }
    }
}
