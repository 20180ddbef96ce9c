package dev.backgroundtasks.scheduler;

/** A task given to {@link EventLoop#execute}: ranks as a user-visible task, runs without scheduling state. */
final class PlainTask extends QueuedTask {
    private final Runnable task;

    PlainTask(Runnable task) {
        this.task = task;
    }

    @Override
    void arrive(EventLoopCore core) {
        core.enqueuePlain(this);
    }

    @Override
    void run(EventLoopCore core) {
        setStateOpaque(DONE);
        try {
            task.run();
        } catch (Throwable e) {
            EventLoopCore.reportUncaught(e);
        }
    }
}
