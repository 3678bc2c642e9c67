package dev.mlpipeline.serving;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import dev.mlpipeline.mlflow.model.ModelFileLimits;

/**
 * What the serving service serves and how carefully it loads it, bound from
 * {@code serving.*}.
 *
 * @param modelName the registered model to serve ({@code MODEL_NAME})
 * @param alias the registry alias marking production ({@code MODEL_ALIAS})
 * @param previousAlias the alias the promoter keeps on the version a promotion replaced,
 * served when nothing is served yet and the champion cannot be loaded (the promoter's
 * {@code promotion.previous-alias})
 * @param stage the stage used when the alias is unset ({@code MODEL_STAGE})
 * @param reconcileInterval how often the registry is re-read to catch promotions made
 * outside the pipeline
 * @param maxBatchSize the most rows one request may carry
 * @param maxBodyBytes the largest request body accepted, counted as sent and again as
 * decoded when it is compressed (larger: 413)
 * @param maxDiscardBytes how much of a refused body is still read and thrown away so that
 * a client writing its whole body before reading can read the refusal; a body announced
 * or found larger is answered at once and the connection closed
 * @param requestReadTimeout the longest a request body may take to arrive once its head
 * has (a request trickling in slower is cut); the head itself must arrive within
 * {@code server.netty.idle-timeout}
 * @param allowSchemaChange whether a new version may change the feature schema of the one
 * being served (clients would break, so refused by default)
 * @param loadRetry how failed loads are retried
 * @param deserialization the limits of the filtered model deserialization
 * @param scoring where scoring runs
 * @param requireAuth whether {@code /predict}, {@code /invocations}, {@code /feedback},
 * {@code /health} and {@code /model} need a signed-in user with the predictor role
 * ({@code SERVING_REQUIRE_AUTH}); open by default, as a scoring endpoint usually sits
 * behind a gateway
 * @param models the registered models to serve side by side ({@code SERVING_MODELS},
 * comma-separated); empty: {@code modelName} alone. The first is the default model that
 * {@code /predict}, {@code /invocations}, {@code /health} and {@code /model} answer for
 * @param challenger how a challenger beside each champion is found and shadowed
 */
@Validated
@ConfigurationProperties("serving")
public record ServingProperties(@NotBlank @DefaultValue("iris-classifier") String modelName,
		@NotBlank @DefaultValue("champion") String alias,
		@NotBlank @DefaultValue("previous-champion") String previousAlias,
		@NotBlank @DefaultValue("Production") String stage, @NotNull @DefaultValue("30s") Duration reconcileInterval,
		@Min(1) @DefaultValue("1000") int maxBatchSize, @NotNull @DefaultValue("2MB") DataSize maxBodyBytes,
		@NotNull @DefaultValue("16MB") DataSize maxDiscardBytes,
		@NotNull @DefaultValue("60s") Duration requestReadTimeout, @DefaultValue("false") boolean allowSchemaChange,
		@Valid @DefaultValue LoadRetry loadRetry, @Valid @DefaultValue Deserialization deserialization,
		@Valid @DefaultValue Scoring scoring, @DefaultValue("false") boolean requireAuth, List<String> models,
		@Valid @DefaultValue Challenger challenger) {

	public ServingProperties {
		models = (models != null) ? models.stream().map(String::strip).filter((name) -> !name.isEmpty()).toList()
				: List.of();
		if (models.stream().distinct().count() != models.size()) {
			throw new IllegalArgumentException("serving.models names a model twice: " + models);
		}
		// @NotNull reports a missing value; these check the values given
		if (maxBodyBytes != null && (maxBodyBytes.toBytes() < 1 || maxBodyBytes.toBytes() > Integer.MAX_VALUE - 8)) {
			throw new IllegalArgumentException(
					"serving.max-body-bytes must be between 1B and 2GB, not " + maxBodyBytes);
		}
		if (maxBodyBytes != null && maxDiscardBytes != null && maxDiscardBytes.compareTo(maxBodyBytes) < 0) {
			throw new IllegalArgumentException("serving.max-discard-bytes (" + maxDiscardBytes
					+ ") must be at least serving.max-body-bytes (" + maxBodyBytes + ")");
		}
		if (requestReadTimeout != null && (requestReadTimeout.isNegative() || requestReadTimeout.isZero())) {
			throw new IllegalArgumentException(
					"serving.request-read-timeout must be positive, not " + requestReadTimeout);
		}
	}

	/**
	 * The models this instance serves, the default one first.
	 * @return {@code models}, or {@code modelName} alone when none are listed
	 */
	public List<String> servedModels() {
		return this.models.isEmpty() ? List.of(this.modelName) : this.models;
	}

	/**
	 * Retries of a failed load.
	 *
	 * @param maxAttempts how many times one version is tried before it is given up (until
	 * the registry names another version or its artifact changes); failures reaching
	 * MLflow are retried without limit
	 * @param initialBackoff the wait before the first retry
	 * @param maxBackoff the longest wait between retries
	 */
	public record LoadRetry(@Min(1) @DefaultValue("3") int maxAttempts,
			@NotNull @DefaultValue("1s") Duration initialBackoff, @NotNull @DefaultValue("30s") Duration maxBackoff) {

	}

	/**
	 * Limits of the {@link java.io.ObjectInputFilter} guarding model deserialization.
	 *
	 * @param maxModelBytes the largest model file accepted
	 * @param maxDepth the deepest object graph accepted
	 * @param maxReferences the most object references accepted
	 * @param maxArrayLength the longest array accepted
	 */
	public record Deserialization(@NotNull @DefaultValue("256MB") DataSize maxModelBytes,
			@Min(1) @DefaultValue("2000") long maxDepth, @Min(1) @DefaultValue("50000000") long maxReferences,
			@Min(1) @DefaultValue("50000000") long maxArrayLength) {

		/**
		 * The limits as the shared model-file reader takes them.
		 * @return the limits
		 */
		public ModelFileLimits limits() {
			return new ModelFileLimits(this.maxModelBytes.toBytes(), this.maxDepth, this.maxReferences,
					this.maxArrayLength);
		}

	}

	/**
	 * The challenger of each model: the version behind {@code alias}, rolled out as its
	 * {@code rollout} tag says, and the bounded pool a shadow scores on.
	 *
	 * @param alias the registry alias of the challenger
	 * ({@code SERVING_CHALLENGER_ALIAS})
	 * @param shadowThreads threads scoring shadow traffic, off the requests' path
	 * @param shadowQueue shadow work waiting at most; more is dropped and counted, never
	 * waited for
	 * @param shadowCpu the CPU time shadow work may take on average, in cores (0.1 is a
	 * tenth of one core); beyond it requests are not shadowed, and counted so
	 */
	public record Challenger(@NotBlank @DefaultValue("challenger") String alias,
			@Min(1) @Max(64) @DefaultValue("1") int shadowThreads, @Min(1) @DefaultValue("1000") int shadowQueue,
			@DecimalMin(value = "0", inclusive = false) @DefaultValue("0.1") double shadowCpu) {

	}

	/**
	 * Where scoring runs: on the event loop when a request is cheap, else on a bounded
	 * pool.
	 *
	 * @param inlineBudget the estimated scoring time (rows times the per-row cost
	 * measured at warm-up) under which a request is scored on the event loop
	 * @param threads the size of the scoring pool for costlier requests
	 * @param warmupRows how many synthetic rows each warm-up pass scores (a few passes
	 * warm the JIT and measure the cost of a row)
	 */
	public record Scoring(@NotNull @DefaultValue("50us") Duration inlineBudget,
			@Min(1) @Max(256) @DefaultValue("2") int threads, @Min(1) @DefaultValue("1000") int warmupRows) {

	}

}
