package dev.backgroundtasks.api;

import org.osgi.annotation.versioning.ConsumerType;

/** A startup-category entry: told of a category's topic (with its subject) when the platform fires it. */
@ConsumerType
public interface Observer {
    void observe(String topic, Object subject);
}
