/** The TaskSchedules service and the schedule files it writes. */
package dev.backgroundtasks.schedules.internal;
