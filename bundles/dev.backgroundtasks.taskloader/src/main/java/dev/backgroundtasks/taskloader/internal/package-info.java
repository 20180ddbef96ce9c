/** The task thread's context class loader, shared by the launcher and the kit; not exported. */
package dev.backgroundtasks.taskloader.internal;
