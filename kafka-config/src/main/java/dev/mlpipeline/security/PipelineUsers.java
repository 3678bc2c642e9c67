package dev.mlpipeline.security;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The users of the pipeline's HTTP APIs, read from one setting ({@code PIPELINE_USERS}):
 * comma-separated {@code name:password:role+role} entries, each password in Spring
 * Security's {@code DelegatingPasswordEncoder} form ({@code {bcrypt}$2a$10$...}, or
 * {@code {noop}plain} for a demo). An entry that cannot be used stops the app at start
 * with a message naming the entry and the problem, never the password.
 */
public final class PipelineUsers {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

	private static final Pattern ENCODED = Pattern.compile("^\\{([^{}]+)}(.+)$");

	private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./0-9A-Za-z]{53}");

	private static final String NOOP = "noop";

	/** Not a user: the actor recorded for the policy's decisions. */
	private static final String RESERVED = "policy";

	/**
	 * The encoders of Spring's {@code DelegatingPasswordEncoder} that need no library
	 * beyond Spring Security ({@code argon2} and {@code scrypt} need Bouncy Castle).
	 */
	private static final Set<String> ENCODERS = Set.of("bcrypt", "pbkdf2", NOOP);

	private final Map<String, User> users;

	private PipelineUsers(Map<String, User> users) {
		this.users = Collections.unmodifiableMap(users);
	}

	/**
	 * Reads the users of a {@code PIPELINE_USERS} value.
	 * @param spec the setting, may be {@code null} or blank (no users)
	 * @return the users
	 * @throws IllegalArgumentException naming the first entry that is not a usable user
	 */
	public static PipelineUsers parse(String spec) {
		Map<String, User> users = new LinkedHashMap<>();
		if (spec == null || spec.isBlank()) {
			return new PipelineUsers(users);
		}
		String[] entries = spec.split(",");
		for (int i = 0; i < entries.length; i++) {
			String entry = entries[i].trim();
			if (entry.isEmpty()) {
				continue;
			}
			User user = parseEntry(entry, i + 1);
			if (users.putIfAbsent(user.name(), user) != null) {
				throw invalid(i + 1, user.name(), "the user is listed twice");
			}
		}
		return new PipelineUsers(users);
	}

	/**
	 * The user with a name.
	 * @param name the user name
	 * @return the user, empty when there is none
	 */
	public Optional<User> find(String name) {
		return Optional.ofNullable(this.users.get(name));
	}

	/**
	 * Every user, in the order configured.
	 * @return the users
	 */
	public List<User> all() {
		return List.copyOf(this.users.values());
	}

	/**
	 * Whether no one can sign in.
	 * @return {@code true} without users
	 */
	public boolean isEmpty() {
		return this.users.isEmpty();
	}

	private static User parseEntry(String entry, int index) {
		int first = entry.indexOf(':');
		int last = entry.lastIndexOf(':');
		if (first <= 0 || last == first) {
			String name = (first > 0) ? entry.substring(0, first) : "?";
			throw invalid(index, name, "expected name:password:role+role");
		}
		String name = entry.substring(0, first).trim();
		String password = entry.substring(first + 1, last);
		String roles = entry.substring(last + 1).trim();
		if (!NAME.matcher(name).matches()) {
			throw invalid(index, name, "a user name is 1 to 64 letters, digits or ._@-");
		}
		if (RESERVED.equals(name)) {
			throw invalid(index, name, "'" + RESERVED + "' is the actor of the promotion policy's own decisions");
		}
		Matcher encoded = ENCODED.matcher(password);
		if (!encoded.matches()) {
			throw invalid(index, name,
					"the password is empty or has no {id} prefix: give it as {bcrypt}<hash> (or {noop}<plain>"
							+ " for a demo), Spring Security's DelegatingPasswordEncoder form");
		}
		String id = encoded.group(1);
		if (!ENCODERS.contains(id)) {
			throw invalid(index, name,
					"{" + id + "} is not a password encoder the apps have; use {bcrypt}," + " {pbkdf2} or {noop}");
		}
		if ("bcrypt".equals(id) && !BCRYPT.matcher(encoded.group(2)).matches()) {
			throw invalid(index, name,
					"the {bcrypt} value is not a bcrypt hash ($2a$, $2b$ or $2y$, cost, 53" + " characters)");
		}
		Set<PipelineRole> granted = EnumSet.noneOf(PipelineRole.class);
		List<String> named = new ArrayList<>();
		for (String role : roles.split("\\+")) {
			if (role.isBlank()) {
				continue;
			}
			try {
				PipelineRole parsed = PipelineRole.of(role);
				granted.addAll(parsed.implied());
				named.add(parsed.id());
			}
			catch (IllegalArgumentException ex) {
				throw invalid(index, name, ex.getMessage());
			}
		}
		if (granted.isEmpty()) {
			throw invalid(index, name, "no role given; roles are " + PipelineRole.ids());
		}
		return new User(name, password, granted, NOOP.equals(id));
	}

	private static IllegalArgumentException invalid(int index, String name, String problem) {
		return new IllegalArgumentException("PIPELINE_USERS entry " + index + " (user '" + name + "'): " + problem);
	}

	/**
	 * A user of the HTTP APIs.
	 *
	 * @param name the user name, recorded as the actor of what the user does
	 * @param password the password in {@code {id}encoded} form
	 * @param roles the roles held, implied ones included
	 * @param plainText whether the password is a {@code {noop}} plain-text one
	 */
	public record User(String name, String password, Set<PipelineRole> roles, boolean plainText) {

		public User {
			roles = Collections.unmodifiableSet(EnumSet.copyOf(roles));
		}

		@Override
		public String toString() {
			return "User[name=" + this.name + ", roles=" + this.roles + "]";
		}

	}

}
