package dev.backgroundtasks.api;

import org.osgi.annotation.versioning.ProviderType;

/** The running application of normal mode. */
@ProviderType
public interface Application {
    /** Shuts the application down in order and exits with the code. */
    void quit(int exitCode);
}
