package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okio.Buffer;

/**
 * The spellings a secret is masked in are those the encoders that carry it write: the JDK's form encoding, OkHttp's form
 * body, query value and path segment. Each is compared with the encoder's own output, so a spelling that drifts from
 * what is sent is caught here, not by a leak.
 */
class EncodedSpellingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"a b+c~d", "s3cr*t!'()/=?&#", "ünï cödé €", "plain-secret_1.0", "tab\there;at@$,:"})
    void everyEncoderThatCarriesASecret(String secret) throws Exception {
        Buffer form = new Buffer();
        new FormBody.Builder().add("client_secret", secret).build().writeTo(form);
        String formValue = form.readUtf8().substring("client_secret=".length());
        HttpUrl url = new HttpUrl.Builder().scheme("https").host("example.test").addPathSegment(secret)
                .addQueryParameter("apikey", secret).build();
        String pathSegment = url.encodedPathSegments().get(0);
        String queryValue = url.encodedQuery().substring("apikey=".length());

        for (String written : new String[] {URLEncoder.encode(secret, StandardCharsets.UTF_8), formValue, pathSegment, queryValue}) {
            if (written.equals(secret)) continue;
            assertThat(EncodedSpellings.of(secret)).as("the spellings of %s", secret).contains(written);
        }
        assertThat(EncodedSpellings.of(secret)).doesNotContain(secret).doesNotHaveDuplicates();
    }
}
