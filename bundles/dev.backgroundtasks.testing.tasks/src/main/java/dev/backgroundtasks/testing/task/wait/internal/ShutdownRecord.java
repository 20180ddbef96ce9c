package dev.backgroundtasks.testing.task.wait.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.SynchronousBundleListener;

import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.scheduler.EventLoop;

/**
 * A task's own record of how its run shut down, one line a step appended to a file outside the
 * profile: the run started (once the record is set up: a test waits for this line before it signals the
 * run), its shutdown blocker called (and whether its loop still ran), its bundle stopping as the
 * framework stops (whether the loop was closed by then, whether the profile still existed), and the JVM
 * exiting (whether the profile still existed). An orderly shutdown writes
 * <pre>
 * run started
 * blocker called, loop open
 * bundle stopping, loop closed, profile present
 * exit, profile removed
 * </pre>
 */
final class ShutdownRecord {
    private final Path file;
    private final Path profile;
    private final EventLoop loop;

    private ShutdownRecord(Path file, Path profile, EventLoop loop) {
        this.file = file;
        this.profile = profile;
        this.loop = loop;
    }

    /** Starts recording; called from the task's {@code run}, on its loop. */
    static void start(Path file, TaskContext context) {
        EventLoop loop = EventLoop.current()
                .orElseThrow(() -> new IllegalStateException("not called on the task's loop"));
        ShutdownRecord record = new ShutdownRecord(file, context.profileDirectory(), loop);
        context.shutdown().addBlocker("shutdown record", () -> {
            record.write("blocker called, loop " + record.loopState());
            return CompletableFuture.completedFuture(null);
        });
        Bundle own = FrameworkUtil.getBundle(ShutdownRecord.class);
        own.getBundleContext().addBundleListener((SynchronousBundleListener) event -> {
            if (event.getType() == BundleEvent.STOPPING && event.getBundle().equals(own)) {
                record.write("bundle stopping, loop " + record.loopState() + ", profile " + record.profileState());
            }
        });
        // at exit the bundle's class loader may be closed: everything the hook runs is loaded now
        byte[] removed = "exit, profile removed\n".getBytes(StandardCharsets.UTF_8);
        byte[] present = "exit, profile present\n".getBytes(StandardCharsets.UTF_8);
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> record.append(Files.exists(record.profile) ? present : removed), "shutdown record"));
        record.write("run started");
    }

    /** Closed once the loop rejects work. */
    private String loopState() {
        try {
            loop.execute(() -> { });
            return "open";
        } catch (RejectedExecutionException e) {
            return "closed";
        }
    }

    private String profileState() {
        return Files.exists(profile) ? "present" : "removed";
    }

    private void write(String line) {
        append((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private synchronized void append(byte[] line) {
        try {
            Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("shutdown record: cannot write " + file + ": " + e);
        }
    }
}
