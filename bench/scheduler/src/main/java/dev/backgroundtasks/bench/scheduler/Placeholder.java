package dev.backgroundtasks.bench.scheduler;
class Placeholder {}
