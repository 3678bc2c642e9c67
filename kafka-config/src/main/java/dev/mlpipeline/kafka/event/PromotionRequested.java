package dev.mlpipeline.kafka.event;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A command to the promoter, published on {@code promotion-commands} keyed by model by
 * the promoter replica that received it (an operator's HTTP call, or a replica's timer),
 * and applied by the one replica that owns the model's partition, in order with the
 * model's registrations. The decision it takes derives its id from {@code commandId}, so
 * a redelivered command decides nothing twice.
 *
 * @param commandId unique id of this command
 * @param modelName the registered model (also the record key)
 * @param action {@link #PROMOTE}, {@link #ROLLBACK}, {@link #STAGE}, {@link #ABORT},
 * {@link #CHECK} or {@link #REJECT}
 * @param version the version acted on; for a rollback the version to return to,
 * {@code null} for the previous champion
 * @param mode a staged rollout's mode ({@code shadow}, {@code canary},
 * {@code shadow-then-canary})
 * @param percent a canary's share, {@code null} for the model's default
 * @param reason the operator's reason, may be {@code null}
 * @param actor who asked: the signed-in operator, or {@code policy} for a check
 * @param requestedAt when it was asked
 */
public record PromotionRequested(String commandId, String modelName, String action, @Nullable String version,
		@Nullable String mode, @Nullable Integer percent, @Nullable String reason, String actor, Instant requestedAt) {

	/** Promote a version by hand. */
	public static final String PROMOTE = "promote";

	/** Move production back to the previous champion, or to a version. */
	public static final String ROLLBACK = "rollback";

	/** Stage a version as the challenger. */
	public static final String STAGE = "stage";

	/** End the model's rollout. */
	public static final String ABORT = "abort";

	/** Put the model's challenger to its live gates and watch its champion. */
	public static final String CHECK = "check";

	/** Reject a version waiting for an operator's approval. */
	public static final String REJECT = "reject";

}
