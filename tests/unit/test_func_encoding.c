#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "func_test.h"

static void
test_tojson(void **state)
{
	(void)state;
	/* Results are strings, shown here as JSON: escapes double up. */
	OK("tojson", "[{\"key\": \"value\"}]", "\"{\\\"key\\\": \\\"value\\\"}\"");
	OK("tojson", "[[1, \"a\", null, true]]", "\"[1, \\\"a\\\", null, true]\"");
	OK("tojson", "[\"x\"]", "\"\\\"x\\\"\"");
	OK("tojson", "[1.5]", "\"1.5\"");
	OK("tojson", "[\"\xc3\xa9\"]", "\"\\\"\\\\u00e9\\\"\"");
	OKO("tojson", "[\"\xc3\xa9\"]", "{\"ensure_ascii\": false}",
	    "\"\\\"\xc3\xa9\\\"\"");
	OKO("tojson", "[{\"a\": [1, 2], \"b\": {}}]", "{\"indent\": 2}",
	    "\"{\\n  \\\"a\\\": [\\n    1,\\n    2\\n  ],\\n  \\\"b\\\": {}\\n}\"");
	OKO("tojson", "[[1, 2]]", "{\"indent\": 0}", "\"[\\n1,\\n2\\n]\"");
	OKO("tojson", "[[1, 2]]", "{\"indent\": null}", "\"[1, 2]\"");
	OKO("tojson", "[{\"b\": 1, \"a\": 2}]",
	    "{\"separators\": [\",\", \":\"], \"sort_keys\": true}",
	    "\"{\\\"a\\\":2,\\\"b\\\":1}\"");
	OKO("tojson", "[{\"a\": [1]}]",
	    "{\"indent\": 1, \"separators\": [\", \", \" = \"]}",
	    "\"{\\n \\\"a\\\" = [\\n  1\\n ]\\n}\"");
	ERRO("tojson", "[1]", "{\"indent\": \"x\"}", -1,
	    "invalid value for option 'indent' in 'tojson': whole number required, got string",
	    NULL);
	ERRO("tojson", "[1]", "{\"separators\": [\",\"]}", -1,
	    "invalid value for option 'separators' in 'tojson': a list of two "
	    "strings required (item and key separators)", NULL);
	ERRO("tojson", "[1]", "{\"sort_keys\": 1}", -1,
	    "invalid value for option 'sort_keys' in 'tojson': bool required, got number",
	    NULL);
	ERRO("tojson", "[1]", "{\"ensure_ascii\": []}", -1,
	    "invalid value for option 'ensure_ascii' in 'tojson': bool required, got list",
	    NULL);
}

static void
test_jsonencode_decode(void **state)
{
	(void)state;
	OK("jsonencode", "[{\"b\": [1, \"x\"], \"a\": null}]",
	    "\"{\\\"a\\\":null,\\\"b\\\":[1,\\\"x\\\"]}\"");
	OK("jsonencode", "[\"\xc3\xa9<>\"]", "\"\\\"\xc3\xa9<>\\\"\"");
	OK("jsonencode", "[0.1]", "\"0.1\"");
	OK("jsondecode", "[\"{\\\"a\\\": [1, 2.5, true, null, \\\"\\\\u00e9\\\"]}\"]",
	    "{\"a\":[1,2.5,true,null,\"\xc3\xa9\"]}");
	OK("jsondecode", "[\"\\\"hi\\\"\"]", "\"hi\"");
	OK("jsondecode", "[\"42\"]", "42");
	ERR("jsondecode", "[\"{\\\"a\\\": }\"]", 0,
	    "invalid value for 'str' in 'jsondecode': invalid JSON at line 1, "
	    "column 7: unexpected token near '}'");
	ERR("jsondecode", "[\"\"]", 0,
	    "invalid value for 'str' in 'jsondecode': invalid JSON at line 1, "
	    "column 0: unexpected token near end of file");
}

static void
test_base64(void **state)
{
	(void)state;
	OK("base64encode", "[\"Hello World\"]", "\"SGVsbG8gV29ybGQ=\"");
	OK("base64encode", "[\"\"]", "\"\"");
	OK("base64encode", "[\"a\"]", "\"YQ==\"");
	OK("base64encode", "[\"ab\"]", "\"YWI=\"");
	OK("base64encode", "[\"abc\"]", "\"YWJj\"");
	OK("base64encode", "[\"\xc3\xa9\"]", "\"w6k=\"");
	OK("base64encode", "[\"\\u0000\\u007f?>\"]", "\"AH8/Pg==\"");
	OK("base64decode", "[\"SGVsbG8gV29ybGQ=\"]", "\"Hello World\"");
	OK("base64decode", "[\"YQ==\"]", "\"a\"");
	OK("base64decode", "[\"YWI=\"]", "\"ab\"");
	OK("base64decode", "[\"YWJj\"]", "\"abc\"");
	OK("base64decode", "[\"\"]", "\"\"");
	OK("base64decode", "[\"w6k=\"]", "\"\xc3\xa9\"");
	ERR("base64decode", "[\"YQ=\"]", 0, "invalid value for 'str' in "
	    "'base64decode': invalid Base64: length 3 is not a multiple of 4");
	ERR("base64decode", "[\"Y!==\"]", 0, "invalid value for 'str' in "
	    "'base64decode': invalid Base64: unexpected character at offset 1");
	ERR("base64decode", "[\"YQ==YQ==\"]", 0, "invalid value for 'str' in "
	    "'base64decode': invalid Base64: unexpected character at offset 2");
	ERR("base64decode", "[\"====\"]", 0, "invalid value for 'str' in "
	    "'base64decode': invalid Base64: unexpected character at offset 0");
	ERR("base64decode", "[\"YR==\"]", 0, "invalid value for 'str' in "
	    "'base64decode': invalid Base64: unexpected bits before the padding");
	ERR("base64decode", "[\"/w==\"]", 0, "invalid value for 'str' in "
	    "'base64decode': the decoded bytes are not UTF-8 text (byte 0)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FT_TEST(test_tojson),
		FT_TEST(test_jsonencode_decode),
		FT_TEST(test_base64),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
