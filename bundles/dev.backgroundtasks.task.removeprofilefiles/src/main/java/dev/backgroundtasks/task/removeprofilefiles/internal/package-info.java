/** The removeProfileFiles toolkit task (Firefox's BackgroundTask_removeProfileFiles). */
package dev.backgroundtasks.task.removeprofilefiles.internal;
