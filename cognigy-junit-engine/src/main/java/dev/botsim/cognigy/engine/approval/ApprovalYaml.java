package dev.botsim.cognigy.engine.approval;

import java.io.StringReader;
import java.io.Writer;

import org.snakeyaml.engine.v2.common.ScalarStyle;

import dev.botsim.cognigy.engine.support.WholeCodePointReader;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.io.IOContext;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLFactoryBuilder;
import tools.jackson.dataformat.yaml.YAMLGenerator;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The YAML of approval files, written so that every text reads back as it was: a bot's answer is compared with its
 * approved answer character for character, so a text that came back otherwise (a line break less, a space more) would
 * fail its own test on the next run.
 *
 * <p>Texts are written plain where they can be, a text of several lines as a literal block ({@code |-}), the others
 * in double quotes with escapes ({@code "Hello\r"}, {@code "\tindented"}). The writer knows that a carriage return
 * cannot stand in a plain or block scalar, since the reader turns it into a line break; it takes a NEL (U+0085) for an
 * ordinary character, which the reader then takes for a line break too, and drops or turns into {@code \n}. A text
 * holding one is written in double quotes, the NEL as {@code \N}.
 *
 * <p>Made when a file is first read or written, not when a file name is first asked for: a run whose tests approve
 * nothing asks every owner for its file's name, and need not build a YAML mapper for that.
 */
final class ApprovalYaml {

    static final YAMLMapper MAPPER = YAMLMapper.builder(new ExactTexts(YAMLFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())))
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE)
            .build();

    private ApprovalYaml() {
    }

    /** A parser of an approval file's text, fed whole code points ({@link WholeCodePointReader}). */
    static JsonParser parser(String text) {
        return MAPPER.createParser(new WholeCodePointReader(new StringReader(text)));
    }

    /** Whether a scalar must be written in double quotes to read back as it is, whatever style the writer chose. */
    private static boolean needsEscapes(String value) {
        return value != null && value.indexOf('\u0085') >= 0;
    }

    /** Jackson's YAML factory, its writers putting the texts {@link #needsEscapes} names in double quotes. */
    private static final class ExactTexts extends YAMLFactory {

        private static final long serialVersionUID = 1L;

        ExactTexts(YAMLFactoryBuilder builder) {
            super(builder);
        }

        private ExactTexts(ExactTexts source) {
            super(source);
        }

        @Override
        public YAMLFactory copy() {
            return new ExactTexts(this);
        }

        @Override
        protected YAMLGenerator _createGenerator(ObjectWriteContext context, IOContext io, Writer out) {
            return new YAMLGenerator(context, io, context.getStreamWriteFeatures(_streamWriteFeatures),
                    context.getFormatWriteFeatures(_formatWriteFeatures), _quotingChecker, out, _version, _dumpSettings) {
                // Every scalar, keys (a slot's or a test's name) as values, passes here with the style chosen for it.
                @Override
                protected void _writeScalar(String value, String type, ScalarStyle style) {
                    super._writeScalar(value, type, needsEscapes(value) ? ScalarStyle.DOUBLE_QUOTED : style);
                }
            };
        }
    }
}
