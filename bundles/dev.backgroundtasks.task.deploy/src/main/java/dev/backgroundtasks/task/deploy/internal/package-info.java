/** The deploy toolkit task: job-engine manifests (a Kubernetes CronJob or Job) for a task, from its declaration. */
package dev.backgroundtasks.task.deploy.internal;
