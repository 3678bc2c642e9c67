/**
 * An operator's answer to a version waiting for approval. Approving is a manual promotion
 * ({@code POST .../versions/{v}/promote}); rejecting ({@code POST
 * .../versions/{v}/reject}) records a {@code REJECTED} decision by the operator and moves
 * nothing. {@link Rejection} is the pure core; {@link RejectCommands} (the model's owner)
 * and {@link ApprovalController} (HTTP) are the edge.
 */
package dev.mlpipeline.promoter.approval;
