package dev.mlpipeline.e2e;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PromQlMetricNamesTests {

	@Test
	void aBareMetricIsItsOwnName() {
		assertThat(PromQlMetricNames.of("up")).containsExactly("up");
	}

	@Test
	void labelMatchersAndTheirValuesAreNoMetrics() {
		assertThat(PromQlMetricNames.of("serving_model_version{model=~\"$model\", kind!=\"rate(x)\"}"))
			.containsExactly("serving_model_version");
	}

	@Test
	void functionsAndRangesAreSkippedAndSuffixesKept() {
		assertThat(PromQlMetricNames.of("rate(serving_predictions_total[5m])"))
			.containsExactly("serving_predictions_total");
		assertThat(PromQlMetricNames.of("increase(serving_swaps_total{model=\"a\"}[$__rate_interval])"))
			.containsExactly("serving_swaps_total");
	}

	@Test
	void groupingClausesNameLabelsNotMetricsBeforeOrAfterTheAggregatedExpression() {
		assertThat(PromQlMetricNames
			.of("histogram_quantile(0.99, sum by (model, version, le) (rate(serving_prediction_latency_seconds_bucket[1m])))"))
			.containsExactly("serving_prediction_latency_seconds_bucket");
		assertThat(PromQlMetricNames.of("sum(rate(http_server_requests_seconds_count[1m])) without (instance, uri)"))
			.containsExactly("http_server_requests_seconds_count");
	}

	@Test
	void bothSidesOfABinaryOperationAreRead() {
		assertThat(PromQlMetricNames.of("sum by (m) (rate(pipeline_training_seconds_sum[1h])) / on (m) group_left (x) "
				+ "sum by (m) (rate(pipeline_training_seconds_count[1h])) > bool 0 and ignoring (a) up"))
			.containsExactly("pipeline_training_seconds_sum", "pipeline_training_seconds_count", "up");
	}

	@Test
	void keywordsNumbersOffsetsAndVariablesAreNoMetrics() {
		assertThat(PromQlMetricNames.of("max_over_time(kafka_consumer_fetch_manager_records_lag_max[5m] offset 1h) "
				+ "* 1.5e3 + $threshold - ${other} or vector(0) unless Inf"))
			.containsExactly("kafka_consumer_fetch_manager_records_lag_max");
	}

	@Test
	void anAggregationWithItsGroupingInUpperCaseIsRead() {
		assertThat(PromQlMetricNames.of("SUM BY (kind) (serving_errors_total)"))
			.containsExactly("serving_errors_total");
	}

	@Test
	void theAtModifierAndColonsInRecordingRuleNamesAreHandled() {
		assertThat(PromQlMetricNames.of("job:serving_predictions:rate5m @ end()"))
			.containsExactly("job:serving_predictions:rate5m");
	}

	@Test
	void anUnbalancedGroupingIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> PromQlMetricNames.of("sum by (model (up)"));
	}

}
