package dev.mlpipeline.kafka.contract;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mlpipeline.kafka.event.FeedbackReceived;
import dev.mlpipeline.kafka.event.ModelPromoted;
import dev.mlpipeline.kafka.event.ModelRegistered;
import dev.mlpipeline.kafka.event.PredictionLogged;
import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.kafka.event.PromotionOutcome;
import dev.mlpipeline.kafka.event.PromotionReplied;
import dev.mlpipeline.kafka.event.PromotionRequested;
import dev.mlpipeline.kafka.event.ServingStatus;
import dev.mlpipeline.kafka.event.TrainingFailed;
import dev.mlpipeline.kafka.event.TrainingRequested;

/**
 * One event of every type as the pipeline's producers emit them in a real run (one iris
 * job trained, registered, promoted over its champion and served), from which a release's
 * compatibility fixtures are written ({@code -Dpipeline.compatibility.snapshot=true}).
 * Keep it in step with the records: a field added since the last release gets a realistic
 * value here before the next release's fixtures are written.
 */
final class ReleaseFixtures {

	private static final String MODEL = "iris-classifier";

	private static final String RUN = "5f0c2d8e6b1a4c3f9e7d2a1b0c9f8e7d";

	private static final String ARTIFACTS = "mlflow-artifacts:/1/" + RUN + "/artifacts/model";

	private static final String SHA256 = "9b3e1f0a6c2d4e8f7a5b3c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f";

	private static final Instant REQUESTED = Instant.parse("2026-11-26T10:15:30.123Z");

	private ReleaseFixtures() {
	}

	/**
	 * The events, in catalogue order.
	 * @return one event of every type
	 */
	static List<Record> all() {
		return List.of(trainingRequested(), modelRegistered(), trainingFailed(), promotionDecided(), modelPromoted(),
				predictionLogged(), feedbackReceived(), promotionRequested(), promotionReplied(), servingStatus());
	}

	static TrainingRequested trainingRequested() {
		return new TrainingRequested("3b6f7c1e-2a4d-4f8b-9c0e-1d2a3b4c5d6e", MODEL,
				new TrainingRequested.Dataset("builtin:iris", "class"), "weka.classifiers.trees.J48", "-C 0.25 -M 2",
				new TrainingRequested.Evaluation(10, 1L, null), REQUESTED, "alice");
	}

	static ModelRegistered modelRegistered() {
		Map<String, Double> metrics = new LinkedHashMap<>();
		metrics.put("accuracy", 0.96);
		metrics.put("kappa", 0.94);
		metrics.put("weighted_f1", 0.9599839935974389);
		metrics.put("latency_p50_ms", 0.0041);
		return new ModelRegistered("c1a2b3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", "3b6f7c1e-2a4d-4f8b-9c0e-1d2a3b4c5d6e",
				MODEL, "4", RUN, "weka.classifiers.trees.J48", metrics, ARTIFACTS, SHA256, REQUESTED.plusSeconds(7));
	}

	static TrainingFailed trainingFailed() {
		return new TrainingFailed("d2b3c4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e", "7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b", MODEL,
				"algorithm: unknown classifier 'J49' (not a Weka short name or classifier class)",
				REQUESTED.plusSeconds(2));
	}

	static PromotionDecided promotionDecided() {
		return new PromotionDecided("e3c4d5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f", MODEL, "4", PromotionOutcome.PROMOTED,
				List.of("accuracy 0.960 >= 0.800", "accuracy improves on champion version 3 by 0.020 >= 0.010"),
				"accuracy", 0.96, 0.94, "3", PromotionCause.POLICY, REQUESTED.plusSeconds(9),
				PromotionDecided.POLICY_ACTOR,
				new PromotionDecided.Comparison(PromotionDecided.Comparison.PAIRED_FOLDS, "accuracy", 0.96, 0.94, 0.02,
						0.0132, "corrected resampled t-test",
						List.of(new PromotionDecided.FoldPair(1.0, 0.9333333333333333),
								new PromotionDecided.FoldPair(0.9333333333333333, 0.9333333333333333),
								new PromotionDecided.FoldPair(0.9333333333333333, 0.8666666666666667)),
						0.1111111111111111, null, null, false),
				new PromotionDecided.Cost(new PromotionDecided.CostFigures(0.0041, 0.0213, 5312.0, 21504.0),
						new PromotionDecided.CostFigures(0.0038, 0.0187, 4987.0, 19968.0)),
				null);
	}

	static ModelPromoted modelPromoted() {
		return new ModelPromoted("f4d5e6a7-b8c9-4d0e-9f1a-2b3c4d5e6f7a", MODEL, "4", "3", RUN, ARTIFACTS, SHA256,
				PromotionCause.POLICY, REQUESTED.plusSeconds(10), PromotionDecided.POLICY_ACTOR);
	}

	static PredictionLogged predictionLogged() {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("sepallength", 5.1);
		row.put("sepalwidth", 3.5);
		row.put("petallength", 1.4);
		row.put("petalwidth", 0.2);
		Map<String, Double> probabilities = new LinkedHashMap<>();
		probabilities.put("Iris-setosa", 0.98);
		probabilities.put("Iris-versicolor", 0.02);
		probabilities.put("Iris-virginica", 0.0);
		return new PredictionLogged("a5e6f7b8-c9d0-4e1f-8a2b-3c4d5e6f7a8b", MODEL, "4", PredictionLogged.CHAMPION,
				"0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e", "customer-1842", List.of(row),
				List.of(new PredictionLogged.Output("Iris-setosa", probabilities, null)), 1.87, null,
				new PredictionLogged.Shadow("5",
						List.of(new PredictionLogged.Output("Iris-setosa", Map.of("Iris-setosa", 1.0), null))),
				REQUESTED.plusSeconds(60));
	}

	static FeedbackReceived feedbackReceived() {
		return new FeedbackReceived("b6f7a8c9-d0e1-4f2a-9b3c-4d5e6f7a8b9c", MODEL,
				"0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e", List.of(new FeedbackReceived.Row(0, "Iris-setosa", null)),
				REQUESTED.plusSeconds(300), "scorer");
	}

	static PromotionRequested promotionRequested() {
		return new PromotionRequested("c7a8b9d0-e1f2-4a3b-8c4d-5e6f7a8b9c0d", MODEL, PromotionRequested.STAGE, "5",
				"canary", 20, "try the forest on a fifth of the traffic", "olga", REQUESTED.plusSeconds(900));
	}

	static PromotionReplied promotionReplied() {
		return new PromotionReplied("c7a8b9d0-e1f2-4a3b-8c4d-5e6f7a8b9c0d", MODEL, 200,
				"{\"model\":\"iris-classifier\",\"version\":\"5\",\"outcome\":\"STAGED\",\"stage\":\"canary\",\"percent\":20}",
				REQUESTED.plusSeconds(901));
	}

	static ServingStatus servingStatus() {
		return new ServingStatus("serving-7d9f4b6c8-x2k5q-41872", "serving-7d9f4b6c8-x2k5q",
				REQUESTED.minusSeconds(3600), REQUESTED.plusSeconds(905), 5000,
				List.of(new ServingStatus.ModelState(MODEL, "4", SHA256, REQUESTED.plusSeconds(11), null, "5",
						"canary:20", null)));
	}

}
