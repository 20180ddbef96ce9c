package dev.backgroundtasks.scheduler;

/**
 * The task an expired idle timeout queues, the "invoke idle callback timeout algorithm": it runs the
 * callback while the loop may be busy, with {@code didTimeout()} true and {@code timeRemaining()} 0,
 * unless an idle period ran it first or it was cancelled.
 */
final class IdleTimeoutTask extends QueuedTask {
    static final IdleDeadline TIMED_OUT = new IdleDeadline() {
        @Override
        public double timeRemaining() {
            return 0;
        }

        @Override
        public boolean didTimeout() {
            return true;
        }

        @Override
        public String toString() {
            return "IdleDeadline[timed out]";
        }
    };

    private final IdleRequest request;

    IdleTimeoutTask(IdleRequest request) {
        this.request = request;
    }

    @Override
    boolean isLive() {
        return !request.done;
    }

    @Override
    void arrive(EventLoopCore core) {
        throw new UnsupportedOperationException("queued by the loop itself");
    }

    @Override
    void run(EventLoopCore core) {
        if (request.done) {
            return;
        }
        core.runIdleCallback(request, TIMED_OUT);
    }
}
