package dev.mlpipeline.kafka;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mlpipeline.kafka.event.FeedbackReceived;
import dev.mlpipeline.kafka.event.ModelPromoted;
import dev.mlpipeline.kafka.event.PredictionLogged;
import dev.mlpipeline.kafka.event.ModelRegistered;
import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.kafka.event.PromotionReplied;
import dev.mlpipeline.kafka.event.PromotionRequested;
import dev.mlpipeline.kafka.event.ServingStatus;
import dev.mlpipeline.kafka.event.PromotionOutcome;
import dev.mlpipeline.kafka.event.TrainingFailed;
import dev.mlpipeline.kafka.event.TrainingRequested;

/**
 * One sample of every event, filled in completely, for the module's tests.
 */
final class Events {

	static final Instant AT = Instant.parse("2026-11-26T10:15:30.123Z");

	private Events() {
	}

	static TrainingRequested trainingRequested(String model) {
		return new TrainingRequested("job-1", model, new TrainingRequested.Dataset("builtin:iris", "class"), "J48",
				"-C 0.25 -M 2", new TrainingRequested.Evaluation(10, 1L, null), AT, null);
	}

	static ModelRegistered modelRegistered(String model) {
		return new ModelRegistered("event-2", "job-1", model, "3", "run-abc", "weka.classifiers.trees.J48",
				Map.of("accuracy", 0.96, "kappa", 0.94), "mlflow-artifacts:/1/run-abc/artifacts/model", "ab12cd", AT);
	}

	static TrainingFailed trainingFailed(String model) {
		return new TrainingFailed("event-3", "job-2", model, "algorithm: unknown classifier 'J49'", AT);
	}

	static PromotionDecided promotionDecided(String model) {
		return new PromotionDecided("event-4", model, "3", PromotionOutcome.PROMOTED,
				List.of("accuracy 0.960 >= 0.800", "accuracy improves on champion by 0.020 >= 0.010"), "accuracy", 0.96,
				0.94, "2", PromotionCause.POLICY, AT, PromotionDecided.POLICY_ACTOR,
				new PromotionDecided.Comparison(PromotionDecided.Comparison.PAIRED_FOLDS, "accuracy", 0.96, 0.94, 0.02,
						0.013, "corrected resampled t-test",
						List.of(new PromotionDecided.FoldPair(0.97, 0.95), new PromotionDecided.FoldPair(0.95, 0.93)),
						1.0 / 9, null, null, false),
				new PromotionDecided.Cost(new PromotionDecided.CostFigures(0.004, 0.02, 5120.0, 20480.0),
						new PromotionDecided.CostFigures(0.003, 0.01, 4096.0, 16384.0)),
				null);
	}

	static ModelPromoted modelPromoted(String model) {
		return new ModelPromoted("event-5", model, "3", "2", "run-abc", "mlflow-artifacts:/1/run-abc/artifacts/model",
				"ab12cd", PromotionCause.POLICY, AT, null);
	}

	static PredictionLogged predictionLogged(String model) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("sepallength", 5.1);
		row.put("colour", "blue");
		row.put("petalwidth", null);
		Map<String, Double> probabilities = Map.of("Iris-setosa", 0.9, "Iris-versicolor", 0.1);
		return new PredictionLogged("event-6", model, "3", PredictionLogged.CHAMPION, "req-1", "caller-7", List.of(row),
				List.of(new PredictionLogged.Output("Iris-setosa", probabilities, null)), 1.25, null,
				new PredictionLogged.Shadow("4",
						List.of(new PredictionLogged.Output("Iris-versicolor", Map.of("Iris-versicolor", 1.0), null))),
				AT);
	}

	static FeedbackReceived feedbackReceived(String model) {
		return new FeedbackReceived("event-7", model, "req-1",
				List.of(new FeedbackReceived.Row(0, "Iris-setosa", null), new FeedbackReceived.Row(2, null, 4.5)), AT,
				"scorer");
	}

	static PromotionRequested promotionRequested(String model) {
		return new PromotionRequested("command-1", model, PromotionRequested.STAGE, "4", "canary", 20, "try it", "olga",
				AT);
	}

	static PromotionReplied promotionReplied(String model) {
		return new PromotionReplied("command-1", model, 200, "{\"version\":\"4\",\"outcome\":\"STAGED\"}", AT);
	}

	static ServingStatus servingStatus(String model) {
		return new ServingStatus("serving-1", "host-a", AT, AT.plusSeconds(60), 5000,
				List.of(new ServingStatus.ModelState(model, "3", "ab12", AT, null, "4", "canary:20", null)));
	}

	/** Every event paired with the topic it travels on. */
	static Map<String, Object> byTopic(String model) {
		return Map.of(Topics.TRAINING_JOBS, trainingRequested(model), Topics.MODEL_REGISTERED, modelRegistered(model),
				Topics.TRAINING_FAILED, trainingFailed(model), Topics.PROMOTION_DECISIONS, promotionDecided(model),
				Topics.MODEL_PROMOTED, modelPromoted(model), Topics.PREDICTIONS, predictionLogged(model),
				Topics.FEEDBACK, feedbackReceived(model), Topics.SERVING_STATUS, servingStatus(model),
				Topics.PROMOTION_COMMANDS, promotionRequested(model), Topics.PROMOTION_REPLIES,
				promotionReplied(model));
	}

}
