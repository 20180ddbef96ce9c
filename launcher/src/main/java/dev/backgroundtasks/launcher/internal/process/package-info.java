/** The JVM's process: OS signals, detached task processes and the debugger's child JVM. */
package dev.backgroundtasks.launcher.internal.process;
