package dev.mlpipeline.promoter.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.mlpipeline.mlflow.model.FeatureSchema;

/**
 * Compares the feature schemas of candidate and champion and says in words what differs,
 * so an incompatible version is rejected with a reason an operator can act on.
 */
public final class SchemaComparison {

	private SchemaComparison() {
	}

	/**
	 * Compares two schemas.
	 * @param candidate the candidate's schema
	 * @param champion the champion's schema
	 * @return compatible, or incompatible with the differences
	 */
	public static SchemaCheck compare(FeatureSchema candidate, FeatureSchema champion) {
		if (candidate.compatibleWith(champion)) {
			return SchemaCheck.compatible();
		}
		List<String> differences = new ArrayList<>();
		Map<String, FeatureSchema.Feature> mine = byName(candidate.features());
		Map<String, FeatureSchema.Feature> theirs = byName(champion.features());
		List<String> missing = theirs.keySet().stream().filter((name) -> !mine.containsKey(name)).toList();
		List<String> added = mine.keySet().stream().filter((name) -> !theirs.containsKey(name)).toList();
		if (!missing.isEmpty()) {
			differences.add("features missing " + missing);
		}
		if (!added.isEmpty()) {
			differences.add("new features " + added);
		}
		mine.forEach((name, feature) -> {
			FeatureSchema.Feature other = theirs.get(name);
			if (other != null) {
				describe("feature " + name, feature, other, differences);
			}
		});
		if (differences.isEmpty() && !mine.keySet().stream().toList().equals(theirs.keySet().stream().toList())) {
			differences.add("feature order differs");
		}
		FeatureSchema.Feature target = candidate.target();
		FeatureSchema.Feature championTarget = champion.target();
		if (target == null || championTarget == null) {
			if (target != championTarget) {
				differences.add("target " + nameOf(target) + " vs " + nameOf(championTarget));
			}
		}
		else if (!Objects.equals(target.name(), championTarget.name())) {
			differences.add("target " + target.name() + " vs " + championTarget.name());
		}
		else {
			describe("target " + target.name(), target, championTarget, differences);
		}
		if (differences.isEmpty()) {
			differences.add("schemas differ");
		}
		return SchemaCheck.incompatible(String.join("; ", differences));
	}

	private static void describe(String what, FeatureSchema.Feature mine, FeatureSchema.Feature theirs,
			List<String> differences) {
		if (mine.type() != theirs.type()) {
			differences.add(what + " is " + mine.type() + ", was " + theirs.type());
		}
		else if (!mine.values().equals(theirs.values())) {
			differences.add(what + " values " + mine.values() + ", were " + theirs.values());
		}
	}

	private static Map<String, FeatureSchema.Feature> byName(List<FeatureSchema.Feature> features) {
		Map<String, FeatureSchema.Feature> map = new LinkedHashMap<>();
		features.forEach((feature) -> map.put(feature.name(), feature));
		return map;
	}

	private static String nameOf(FeatureSchema.Feature feature) {
		return (feature != null) ? feature.name() : "none";
	}

}
