package dev.mlpipeline.trainer.champion;

import weka.classifiers.AbstractClassifier;
import weka.classifiers.Classifier;
import weka.core.Instance;
import weka.core.Instances;

/**
 * The champion as a classifier of the candidate's data, so Weka's {@code Evaluation}
 * scores it on a test fold exactly as it scores the candidate. It is a fixed model: it is
 * never trained again.
 */
final class ChampionOnData extends AbstractClassifier {

	private static final long serialVersionUID = 1L;

	private final transient Classifier champion;

	private final transient HeaderMapping mapping;

	ChampionOnData(Classifier champion, HeaderMapping mapping) {
		this.champion = champion;
		this.mapping = mapping;
	}

	@Override
	public void buildClassifier(Instances data) {
		throw new UnsupportedOperationException("the champion is scored as it is, never trained again");
	}

	@Override
	public double[] distributionForInstance(Instance row) throws Exception {
		return this.mapping.toData(this.champion.distributionForInstance(this.mapping.toChampion(row)));
	}

}
