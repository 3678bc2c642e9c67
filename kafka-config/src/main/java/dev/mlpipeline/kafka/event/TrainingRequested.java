package dev.mlpipeline.kafka.event;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A data scientist asked for a model to be trained: the job a trainer picks up from
 * {@code training-jobs}.
 *
 * @param jobId unique id of the job, chosen by the publisher
 * @param modelName registered model the result belongs to (also the record key)
 * @param dataset where the training data lives and which attribute is the class
 * @param algorithm Weka short name ({@code J48}) or fully qualified classifier class
 * @param options Weka option string passed to the classifier, may be empty
 * @param evaluation how the model is evaluated, defaults apply when {@code null}
 * @param requestedAt when the job was published
 * @param requestedBy who published it: the signed-in user for {@code POST /jobs} (the
 * trainer sets it, whatever the body says); for a job published straight to Kafka, what
 * its producer, a holder of the signing key, says
 */
public record TrainingRequested(String jobId, String modelName, Dataset dataset, String algorithm,
		@Nullable String options, @Nullable Evaluation evaluation, Instant requestedAt, @Nullable String requestedBy) {

	/**
	 * The training data of a job.
	 *
	 * @param uri {@code builtin:<name>} or
	 * {@code file:<path relative to the data directory>}
	 * @param classAttribute name of the class attribute, the last attribute when
	 * {@code null}
	 */
	public record Dataset(String uri, @Nullable String classAttribute) {
	}

	/**
	 * How a job's model is evaluated: k-fold cross-validation, or a holdout split when
	 * {@code holdoutFraction} is set.
	 *
	 * @param folds number of cross-validation folds (default 10)
	 * @param seed random seed for fold assignment or the holdout shuffle (default 1)
	 * @param holdoutFraction fraction of rows held out for testing, instead of
	 * cross-validation
	 */
	public record Evaluation(@Nullable Integer folds, @Nullable Long seed, @Nullable Double holdoutFraction) {
	}

}
