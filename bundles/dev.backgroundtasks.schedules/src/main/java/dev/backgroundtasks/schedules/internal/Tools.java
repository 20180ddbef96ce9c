package dev.backgroundtasks.schedules.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether an operating-system tool is on the PATH. */
final class Tools {
    private Tools() {
    }

    static boolean exists(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }
}
