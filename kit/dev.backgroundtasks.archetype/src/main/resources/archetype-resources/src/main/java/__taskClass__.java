package ${package};

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.CommandLine;
import dev.backgroundtasks.api.ExitCode;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;
import dev.backgroundtasks.scheduler.PostTaskOptions;
import dev.backgroundtasks.scheduler.TaskPriority;

/**
 * The ${taskName} task: {@code java -jar launcher.jar --backgroundtask ${taskName} DIR} removes the temporary
 * files of DIR (regular files named {@code *.tmp}), from the task's event loop at background priority.
 *
 * <p>Exit codes: 0 done; {@value #USAGE} not exactly one argument; {@value #NOT_A_DIRECTORY} DIR is not a
 * directory. Task-specific codes are 11..125; the platform's own (1..7) mean that the platform, not the
 * task, failed.
 */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "${taskName}", timeoutSec = 120)
public class ${taskClass} implements BackgroundTask {
    static final String SUFFIX = ".tmp";
    static final int USAGE = 11;
    static final int NOT_A_DIRECTORY = 12;

    @Override
    public CompletionStage<Integer> run(TaskContext context) {
        CommandLine arguments = context.commandLine();
        if (arguments.length() != 1) {
            System.err.println("usage: --backgroundtask ${taskName} DIR");
            return CompletableFuture.completedFuture(USAGE);
        }
        Path dir = Path.of(arguments.getArgument(0));
        if (!Files.isDirectory(dir)) {
            System.err.println("${taskName}: " + dir + " is not a directory");
            return CompletableFuture.completedFuture(NOT_A_DIRECTORY);
        }
        // The work goes on the task's event loop, at background priority: it yields to anything more urgent.
        return context.scheduler().postTask(() -> {
            long removed = removeTemporaryFiles(dir);
            System.out.println("Removed " + removed + " *" + SUFFIX + " files from " + dir);
            return ExitCode.SUCCESS;
        }, PostTaskOptions.defaults().priority(TaskPriority.BACKGROUND));
    }

    /**
     * Removes the regular files of {@code dir} whose names end in {@value #SUFFIX}: never a directory, and
     * never what a symbolic link points to.
     *
     * @return how many it removed
     */
    static long removeTemporaryFiles(Path dir) throws IOException {
        long removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        }
        return removed;
    }
}
