/** Finding a task by reading manifests, and the bundles its resolution needs; depends only on the file primitives. */
package dev.backgroundtasks.launcher.internal.lookup;
