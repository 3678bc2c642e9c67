/**
 * Replica status: each serving instance reports what it serves, so the promoter can list
 * the replicas and tell when a promotion has reached all of them. {@link StatusReport} is
 * the pure core, {@link StatusReporter} the Kafka edge.
 */
package dev.mlpipeline.serving.status;
