package dev.backgroundtasks.api;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A headless task, run by {@code java -jar launcher.jar --backgroundtask NAME}.
 *
 * <p>Implement it as a Declarative Services component that provides this interface and carries
 * {@link TaskDefinition}:
 *
 * <pre>
 * &#64;Component
 * &#64;TaskDefinition(name = "cleanup", timeoutSec = 60)
 * public class Cleanup implements BackgroundTask {
 *     public CompletionStage&lt;Integer&gt; run(TaskContext context) {
 *         return CompletableFuture.completedFuture(ExitCode.SUCCESS);
 *     }
 * }
 * </pre>
 */
@ConsumerType
@FunctionalInterface
public interface BackgroundTask {
    /**
     * Runs the task on its event loop ({@link TaskContext#scheduler()}).
     *
     * @return a stage whose value is the process's exit code: {@code null} means 0; a value outside
     *     0..125, an exceptional completion, or a {@code null} stage gives {@link ExitCode#EXCEPTION}
     * @throws Exception ends the run with {@link ExitCode#EXCEPTION}
     */
    CompletionStage<Integer> run(TaskContext context) throws Exception;
}
