/** What the test-only tasks shouldprocessupdates and shouldnotprocessupdates share; each of their bundles holds it privately. */
package dev.backgroundtasks.testing.task.updatereason.internal;
