package dev.mlpipeline.e2e;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, so that a dashboard can be checked against
 * what the apps really export: every identifier that is not a function, an aggregation
 * operator, a keyword or a label name (inside {@code {...}}, a grouping clause such as
 * {@code by (...)} or {@code on (...)}, or a string), with Grafana's {@code $variables}
 * and range durations left out. Names are returned as written ({@code _bucket},
 * {@code _count}, {@code _sum} and {@code _total} included), the way a scrape spells its
 * samples.
 */
final class PromQlMetricNames {

	/**
	 * One token: a string, a label matcher block, a range, a number, a variable, a name.
	 */
	private static final Pattern TOKEN = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`"
			+ "|\\{[^}]*}|\\[[^]]*]|\\$\\{[^}]*}|\\$\\w+|\\d[\\w.]*|[a-zA-Z_:][\\w:]*|\\S");

	private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][\\w:]*");

	/** Words followed by a parenthesised list of label names. */
	private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

	/** Words that are neither metrics nor functions. */
	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan",
			"start", "end");

	private PromQlMetricNames() {
	}

	/**
	 * The metric names an expression reads.
	 * @param expression a PromQL expression, possibly with Grafana variables
	 * @return the names in the order they appear
	 */
	static Set<String> of(String expression) {
		List<String> tokens = tokens(expression);
		Set<String> names = new LinkedHashSet<>();
		for (int i = 0; i < tokens.size(); i++) {
			String token = tokens.get(i);
			if (!NAME.matcher(token).matches()) {
				continue;
			}
			String lower = token.toLowerCase(java.util.Locale.ROOT);
			String next = (i + 1 < tokens.size()) ? tokens.get(i + 1).toLowerCase(java.util.Locale.ROOT) : "";
			// a function, or an aggregation whose grouping comes first: sum by (x) (...)
			boolean call = next.equals("(") || next.equals("by") || next.equals("without");
			if (GROUPING.contains(lower)) {
				if (next.equals("(")) {
					i = closing(tokens, i + 1);
				}
				continue;
			}
			if (call || KEYWORDS.contains(lower) || (i > 0 && tokens.get(i - 1).equals("@"))) {
				continue;
			}
			names.add(token);
		}
		return names;
	}

	private static List<String> tokens(String expression) {
		List<String> tokens = new java.util.ArrayList<>();
		Matcher matcher = TOKEN.matcher(expression);
		while (matcher.find()) {
			tokens.add(matcher.group());
		}
		return tokens;
	}

	/** The index of the parenthesis that closes the one at {@code open}. */
	private static int closing(List<String> tokens, int open) {
		int depth = 0;
		for (int i = open; i < tokens.size(); i++) {
			if (tokens.get(i).equals("(")) {
				depth++;
			}
			else if (tokens.get(i).equals(")") && --depth == 0) {
				return i;
			}
		}
		throw new IllegalArgumentException("unbalanced parentheses after " + tokens.get(open - 1));
	}

}
