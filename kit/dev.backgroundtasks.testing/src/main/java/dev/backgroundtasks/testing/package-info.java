/** Runs background tasks as a user would, in forked launchers of real installations, from JUnit 5 tests. */
package dev.backgroundtasks.testing;
