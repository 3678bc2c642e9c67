package dev.mlpipeline.security;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PipelineUsersTests {

	/** Made by {@code htpasswd -bnBC 10 "" demo-operator}, a tool outside Spring. */
	private static final String HTPASSWD_HASH = "$2y$10$aUhZU8uFslRhdAYpaz0hGOg.cfAWnjFgUtc8JV6ooIIYsBoFiDX9a";

	@Test
	void readsEveryEntryWithItsRoles() {
		PipelineUsers users = PipelineUsers
			.parse("ana:{noop}a-pass:trainer+viewer, olga:{bcrypt}" + HTPASSWD_HASH + ":operator");
		assertThat(users.all()).extracting(PipelineUsers.User::name).containsExactly("ana", "olga");
		assertThat(users.find("ana").get().roles()).containsExactlyInAnyOrder(PipelineRole.TRAINER,
				PipelineRole.VIEWER);
		assertThat(users.find("ana").get().plainText()).isTrue();
		assertThat(users.find("olga").get().plainText()).isFalse();
	}

	@Test
	void givesAnOperatorTheViewerRole() {
		PipelineUsers users = PipelineUsers.parse("olga:{noop}x:operator");
		assertThat(users.find("olga").get().roles()).containsExactlyInAnyOrder(PipelineRole.OPERATOR,
				PipelineRole.VIEWER);
	}

	@Test
	void givesATrainerOnlyTheTrainerRole() {
		assertThat(PipelineUsers.parse("ana:{noop}x:trainer").find("ana").get().roles())
			.containsExactly(PipelineRole.TRAINER);
	}

	@Test
	void acceptsAnHtpasswdBcryptHashThatSpringVerifies() {
		PipelineUsers.User olga = PipelineUsers.parse("olga:{bcrypt}" + HTPASSWD_HASH + ":operator").find("olga").get();
		PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
		assertThat(encoder.matches("demo-operator", olga.password())).isTrue();
		assertThat(encoder.matches("demo-operatoR", olga.password())).isFalse();
	}

	@Test
	void keepsAColonInsideAPlainPassword() {
		PipelineUsers.User ana = PipelineUsers.parse("ana:{noop}a:b:c:viewer").find("ana").get();
		assertThat(ana.password()).isEqualTo("{noop}a:b:c");
	}

	@Test
	void hasNoUsersForAnEmptyOrMissingSetting() {
		assertThat(PipelineUsers.parse("").isEmpty()).isTrue();
		assertThat(PipelineUsers.parse(null).isEmpty()).isTrue();
		assertThat(PipelineUsers.parse(" , ").isEmpty()).isTrue();
	}

	@Test
	void refusesAPasswordWithoutAnEncoderPrefixWithoutShowingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> PipelineUsers.parse("ana:secret-word:viewer"))
			.withMessageContaining("entry 1 (user 'ana')")
			.withMessageContaining("{id} prefix")
			.withMessageNotContaining("secret-word");
	}

	@Test
	void refusesAnUnknownEncoder() {
		assertThatIllegalArgumentException().isThrownBy(() -> PipelineUsers.parse("ana:{md5}abc:viewer"))
			.withMessageContaining("{md5} is not a password encoder");
	}

	@Test
	void refusesABcryptValueThatIsNoHash() {
		assertThatIllegalArgumentException().isThrownBy(() -> PipelineUsers.parse("ana:{bcrypt}plain:viewer"))
			.withMessageContaining("not a bcrypt hash");
	}

	@Test
	void refusesAnUnknownRoleNamingTheRoles() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PipelineUsers.parse("ana:{noop}x:viewer,bob:{noop}y:admin"))
			.withMessageContaining("entry 2 (user 'bob')")
			.withMessageContaining("unknown role 'admin'")
			.withMessageContaining("viewer, trainer, operator, predictor");
	}

	@Test
	void refusesAnEntryWithoutRoles() {
		assertThatIllegalArgumentException().isThrownBy(() -> PipelineUsers.parse("ana:{noop}x"))
			.withMessageContaining("expected name:password:role+role");
		assertThatIllegalArgumentException().isThrownBy(() -> PipelineUsers.parse("ana:{noop}x:"))
			.withMessageContaining("no role given");
	}

	@Test
	void refusesAUserListedTwice() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PipelineUsers.parse("ana:{noop}x:viewer,ana:{noop}y:operator"))
			.withMessageContaining("listed twice");
	}

	@Test
	void refusesAUserNamedLikeThePolicyActor() {
		assertThatIllegalArgumentException().isThrownBy(() -> PipelineUsers.parse("policy:{noop}x:operator"))
			.withMessageContaining("actor of the promotion policy");
	}

	@Test
	void neverShowsThePasswordWhenPrinted() {
		assertThat(PipelineUsers.parse("ana:{noop}secret-word:viewer").find("ana").get().toString())
			.doesNotContain("secret-word");
	}

}
