package dev.backgroundtasks.api;

/** A profile is locked by another process (normal mode). */
public class ProfileLockedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ProfileLockedException() {
        super();
    }

    public ProfileLockedException(String message) {
        super(message);
    }
}
