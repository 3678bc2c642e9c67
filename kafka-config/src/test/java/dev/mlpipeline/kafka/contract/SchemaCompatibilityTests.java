package dev.mlpipeline.kafka.contract;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.mlpipeline.kafka.Topics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checker names what a changed schema breaks, so the compatibility test can fail.
 */
class SchemaCompatibilityTests {

	private final ObjectNode today = AsyncApi.schema(Topics.find(Topics.PROMOTION_DECISIONS).orElseThrow());

	@Test
	void findsNothingBetweenASchemaAndItself() {
		assertThat(SchemaCompatibility.problems("PromotionDecided", this.today, this.today.deepCopy())).isEmpty();
	}

	@Test
	void takesANewOptionalFieldAndANewEnumValue() {
		ObjectNode grown = this.today.deepCopy();
		((ObjectNode) grown.get("properties")).putObject("region").putArray("type").add("string").add("null");
		((ArrayNode) grown.at("/$defs/PromotionOutcome/enum")).add("PAUSED");
		assertThat(SchemaCompatibility.problems("PromotionDecided", this.today, grown)).isEmpty();
	}

	@Test
	void namesARemovedFieldARetypedFieldAndANewlyRequiredOne() {
		ObjectNode changed = this.today.deepCopy();
		((ObjectNode) changed.get("properties")).remove("championVersion");
		((ArrayNode) changed.get("required")).removeIf((name) -> name.asString().equals("championVersion"));
		((ObjectNode) changed.at("/properties/reasons/items")).put("type", "integer");
		((ObjectNode) changed.at("/$defs/Comparison/properties/pValue")).put("type", "string");
		((ObjectNode) changed.at("/$defs/Rollout/properties/since")).remove("format");
		((ObjectNode) changed.at("/$defs/Rollout/properties/since")).put("format", "date");
		((ObjectNode) changed.get("properties")).putObject("region").put("type", "string");
		((ArrayNode) changed.get("required")).add("region");
		((ObjectNode) changed.get("properties")).putObject("candidateValue").put("type", "number");
		((ArrayNode) changed.at("/$defs/PromotionOutcome/enum")).removeIf((value) -> value.asString().equals("STAGED"));
		assertThat(SchemaCompatibility.problems("PromotionDecided", this.today, changed)).containsExactlyInAnyOrder(
				"removed field PromotionDecided.championVersion",
				"retyped field PromotionDecided.reasons[]: [string] -> [integer]",
				"retyped field PromotionDecided.comparison.pValue: [number] -> [string]",
				"retyped field PromotionDecided.rollout.since: format date-time -> date",
				"newly required field PromotionDecided.region",
				"retyped field PromotionDecided.candidateValue: no longer accepts null",
				"retyped field PromotionDecided.outcome: no longer accepts [STAGED]");
	}

	@Test
	void namesANarrowedNumberRange() {
		ObjectNode changed = AsyncApi.schema(Topics.find(Topics.SERVING_STATUS).orElseThrow());
		ObjectNode old = changed.deepCopy();
		((ObjectNode) changed.at("/properties/intervalMillis")).put("maximum", Integer.MAX_VALUE);
		assertThat(SchemaCompatibility.problems("ServingStatus", old, changed)).singleElement()
			.asString()
			.startsWith("retyped field ServingStatus.intervalMillis: range");
	}

}
