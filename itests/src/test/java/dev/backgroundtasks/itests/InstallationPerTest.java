package dev.backgroundtasks.itests;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;

import dev.backgroundtasks.testing.TaskInstallation;
import dev.backgroundtasks.testing.WithInstallation;

/**
 * A test class whose tests change the installation (drop bundles, edit {@code defaults/}): each test gets
 * a copy of its own from the kit, and its {@code app/backgroundtasks/}.
 */
@WithInstallation(testingTasks = true, eachTest = true)
abstract class InstallationPerTest {
    TaskInstallation inst;
    Path app;

    @BeforeEach
    void installation(TaskInstallation installation) {
        inst = installation;
        app = installation.appTasks();
    }
}
