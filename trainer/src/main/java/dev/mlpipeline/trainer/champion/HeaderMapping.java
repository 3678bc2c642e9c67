package dev.mlpipeline.trainer.champion;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.Utils;

/**
 * Carries rows of the candidate's data into the champion's header, by attribute name and
 * nominal label (never by position, which a new snapshot may reorder), and the champion's
 * class distribution back into the data's class order. A champion that needs a feature
 * the data lacks, reads it as another type, does not know one of its values, or predicts
 * other classes cannot score the data: {@link #of} says why.
 */
final class HeaderMapping {

	private final Instances data;

	private final Instances champion;

	/** For each champion attribute, the data attribute it reads; -1 for the class. */
	private final int[] source;

	/** For each champion class index, the data's class index. */
	private final int[] classes;

	private HeaderMapping(Instances data, Instances champion, int[] source, int[] classes) {
		this.data = data;
		this.champion = champion;
		this.source = source;
		this.classes = classes;
	}

	/**
	 * Maps the data onto the champion's header.
	 * @param data the candidate's data, class attribute set
	 * @param champion the champion's training header, class attribute set
	 * @return the mapping, or why the champion cannot score the data
	 */
	static Result of(Instances data, Instances champion) {
		Attribute dataClass = data.classAttribute();
		Attribute championClass = champion.classAttribute();
		if (!dataClass.isNominal() || !championClass.isNominal()) {
			return Result.unscorable("only a nominal class can be compared, and the "
					+ (dataClass.isNominal() ? "champion's" : "data's") + " class is not nominal");
		}
		if (!dataClass.name().equals(championClass.name())) {
			return Result.unscorable("the champion predicts '" + championClass.name() + "' but the data's class is '"
					+ dataClass.name() + "'");
		}
		Set<String> dataLabels = labels(dataClass);
		Set<String> championLabels = labels(championClass);
		if (!dataLabels.equals(championLabels)) {
			return Result
				.unscorable("classes differ: the champion knows " + championLabels + ", the data has " + dataLabels);
		}
		int[] classes = new int[championClass.numValues()];
		for (int i = 0; i < classes.length; i++) {
			classes[i] = dataClass.indexOfValue(championClass.value(i));
		}
		int[] source = new int[champion.numAttributes()];
		List<String> problems = new ArrayList<>();
		for (int i = 0; i < champion.numAttributes(); i++) {
			if (i == champion.classIndex()) {
				source[i] = -1;
				continue;
			}
			Attribute wanted = champion.attribute(i);
			Attribute found = data.attribute(wanted.name());
			if (found == null || found.index() == data.classIndex()) {
				problems.add("the data has no feature '" + wanted.name() + "'");
				continue;
			}
			if (found.type() != wanted.type()) {
				problems.add("feature '" + wanted.name() + "' is " + Attribute.typeToString(found) + " in the data but "
						+ Attribute.typeToString(wanted) + " for the champion");
				continue;
			}
			if (wanted.type() == Attribute.RELATIONAL) {
				problems.add("feature '" + wanted.name() + "' is relational, which cannot be carried over");
				continue;
			}
			if (wanted.isNominal()) {
				Set<String> unknown = labels(found);
				unknown.removeAll(labels(wanted));
				if (!unknown.isEmpty()) {
					problems.add("feature '" + wanted.name() + "' has values the champion does not know: " + unknown);
					continue;
				}
			}
			source[i] = found.index();
		}
		if (!problems.isEmpty()) {
			return Result.unscorable(String.join("; ", problems));
		}
		return new Result(Optional.of(new HeaderMapping(data, new Instances(champion, 0), source, classes)),
				Optional.empty());
	}

	/**
	 * A row of the data as the champion reads it.
	 * @param row a row of the data's structure
	 * @return the row in the champion's header, the class value carried over
	 */
	Instance toChampion(Instance row) {
		double[] values = new double[this.champion.numAttributes()];
		for (int i = 0; i < values.length; i++) {
			int from = (this.source[i] >= 0) ? this.source[i] : this.data.classIndex();
			Attribute target = this.champion.attribute(i);
			double value = row.value(from);
			if (Utils.isMissingValue(value)) {
				values[i] = Utils.missingValue();
			}
			else if (target.isNominal()) {
				values[i] = target.indexOfValue(this.data.attribute(from).value((int) value));
			}
			else if (target.isString()) {
				values[i] = target.addStringValue(row.stringValue(from));
			}
			else {
				values[i] = value;
			}
		}
		Instance mapped = new DenseInstance(row.weight(), values);
		mapped.setDataset(this.champion);
		return mapped;
	}

	/**
	 * Every row of the data as the champion reads it.
	 * @param rows rows of the data's structure
	 * @return the rows in the champion's header
	 */
	Instances toChampion(Instances rows) {
		Instances mapped = new Instances(this.champion, rows.numInstances());
		for (Instance row : rows) {
			mapped.add(toChampion(row));
		}
		return mapped;
	}

	/**
	 * The champion's class distribution in the data's class order.
	 * @param distribution indexed by the champion's class values
	 * @return indexed by the data's class values
	 */
	double[] toData(double[] distribution) {
		double[] mapped = new double[this.data.numClasses()];
		for (int i = 0; i < distribution.length; i++) {
			mapped[this.classes[i]] = distribution[i];
		}
		return mapped;
	}

	private static Set<String> labels(Attribute attribute) {
		Set<String> labels = new LinkedHashSet<>();
		for (int i = 0; i < attribute.numValues(); i++) {
			labels.add(attribute.value(i));
		}
		return labels;
	}

	/**
	 * A mapping, or why there is none.
	 *
	 * @param mapping the mapping when the champion can score the data
	 * @param unscorable why it cannot
	 */
	record Result(Optional<HeaderMapping> mapping, Optional<String> unscorable) {

		static Result unscorable(String reason) {
			return new Result(Optional.empty(), Optional.of(reason));
		}

	}

}
