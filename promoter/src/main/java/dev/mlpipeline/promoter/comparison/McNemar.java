package dev.mlpipeline.promoter.comparison;

/**
 * The result of McNemar's test on paired holdout predictions, kept whole so that a
 * decision can show the discordant counts behind its p-value.
 *
 * @param candidateOnlyRight the rows only the candidate classified correctly ({@code b})
 * @param championOnlyRight the rows only the champion classified correctly ({@code c})
 * @param statistic with {@code exact}, the smaller of the two counts (the binomial tail
 * is summed up to it); otherwise the continuity-corrected chi-square statistic
 * {@code (|b - c| - 1)^2 / (b + c)}
 * @param pValue the two-sided p-value
 * @param exact whether the p-value is the exact binomial one ({@code b + c < 25}) rather
 * than the chi-square approximation
 * @see PairedTests#mcnemar(int, int)
 */
public record McNemar(int candidateOnlyRight, int championOnlyRight, double statistic, double pValue, boolean exact) {

}
