/**
 * Serving replicas as the promoter sees them: each replica's latest heartbeat from the
 * compacted {@code serving-status} topic, and what each serves of a model.
 * {@link ReplicaView} is the pure core; {@link ReplicaDirectory} (the topic) and
 * {@link ReplicasController} ({@code GET /models/{name}/replicas}) are the edge.
 */
package dev.mlpipeline.promoter.replicas;
