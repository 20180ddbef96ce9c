package dev.backgroundtasks.scheduler;

/**
 * A task given to {@link EventLoop#schedule}, like {@code setTimeout}: it waits in the loop's timer heap
 * and, once due, queues as a user-visible task. Cancelling it is {@code clearTimeout}, effective until it
 * starts running.
 */
final class Timer extends QueuedTask implements Cancellable {
    private final Runnable task;

    Timer(Runnable task, long due) {
        this.task = task;
        this.due = due;
    }

    @Override
    void arrive(EventLoopCore core) {
        core.addTimer(this);
    }

    @Override
    void fallDue(EventLoopCore core) {
        core.enqueuePlain(this);
    }

    @Override
    void run(EventLoopCore core) {
        if (!transition(QUEUED, RUNNING)) {
            return;
        }
        try {
            task.run();
        } catch (Throwable e) {
            EventLoopCore.reportUncaught(e);
        } finally {
            state = DONE;
        }
    }

    @Override
    public boolean cancel() {
        return transition(QUEUED, DEAD);
    }
}
