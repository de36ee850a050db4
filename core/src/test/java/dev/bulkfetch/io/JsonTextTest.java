package dev.bulkfetch.io;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonTextTest {

    private static String json(String s) {
        return JsonText.string(new StringBuilder(), s).toString();
    }

    @Test
    void escapesWhatJsonRequiresAndCopiesTheRest() {
        assertEquals("\"http://127.0.0.1:8080/bytes/1024\"", json("http://127.0.0.1:8080/bytes/1024"));
        assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\u0001\"", json("a\"b\\c\n\r\t\u0001"));
        assertEquals("\"plain then \\\"quote\"", json("plain then \"quote"));
        assertEquals("\"bücher \\u2028 \uD83D\uDE00\"", json("bücher \u2028 \uD83D\uDE00"));
        assertEquals("\"lone \\ud83d\"", json("lone \uD83D"));
        assertEquals("null", json(null));
        assertEquals("\"\"", json(""));
    }

    @Test
    void randomTextReadsBackUnchanged() {
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 5000; n++) {
            StringBuilder s = new StringBuilder();
            int len = random.nextInt(40);
            for (int i = 0; i < len; i++) {
                int kind = random.nextInt(10);
                s.append(kind < 6 ? (char) (0x20 + random.nextInt(0x5f)) : kind < 8 ? (char) random.nextInt(0x20)
                        : kind < 9 ? "\"\\".charAt(random.nextInt(2)) : (char) (0xa0 + random.nextInt(0x700)));
            }
            String text = s.toString();
            NdjsonRecordKey back = NdjsonRecordKey.parse("{\"line\":1,\"name\":" + json(text) + "}");
            assertEquals(text, back.name(), () -> "round trip of " + text.chars().boxed().toList());
        }
    }
}
