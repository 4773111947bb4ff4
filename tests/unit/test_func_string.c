#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "func_test.h"

static void
test_case(void **state)
{
	(void)state;
	OK("lower", "[\"HeLLo \xc3\x89T\xc3\x89\"]", "\"hello \xc3\xa9t\xc3\xa9\"");
	OK("upper", "[\"stra\xc3\x9f" "e abc\"]", "\"STRASSE ABC\"");
	OK("upper", "[\"\"]", "\"\"");
	OK("upper", "[12]", "\"12\"");
	OK("lower", "[true]", "\"true\"");
	ERR("upper", "[[1]]", 0,
	    "invalid value for 'str' in 'upper': string required, got list");
	ERR("lower", "[null]", 0,
	    "invalid value for 'str' in 'lower': string required, got null");
	ERR("lower", "[{}]", 0,
	    "invalid value for 'str' in 'lower': string required, got object");
}

static void
test_split_join(void **state)
{
	(void)state;
	OK("split", "[\",\", \"a,b,,c\"]", "[\"a\",\"b\",\"\",\"c\"]");
	OK("split", "[\", \", \"a, b\"]", "[\"a\",\"b\"]");
	OK("split", "[\",\", \"\"]", "[\"\"]");
	OK("split", "[\",\", \",\"]", "[\"\",\"\"]");
	OK("split", "[\"\", \"a\xc3\xa9" "b\"]", "[\"a\",\"\xc3\xa9\",\"b\"]");
	OK("split", "[\"x\", \"abc\"]", "[\"abc\"]");
	ERR("split", "[\",\", [\"a\"]]", 1,
	    "invalid value for 'str' in 'split': string required, got list");
	OK("join", "[\" \", [\"echo\", \"hello\", \"world\"]]",
	    "\"echo hello world\"");
	OK("join", "[\"-\", [\"a\", 1, true]]", "\"a-1-true\"");
	OK("join", "[\"-\", []]", "\"\"");
	OK("join", "[\",\", [\"a\"], [], [\"b\", \"c\"]]", "\"a,b,c\"");
	ERR("join", "[\",\", [\"a\", null]]", 1,
	    "invalid value for 'list' in 'join': item 1 must be a string, got null");
	ERR("join", "[\",\", [\"a\"], \"b\"]", 2,
	    "invalid value for 'list' in 'join': list required, got string");
	ERR("join", "[\",\"]", -1, "function 'join' takes at least 2 arguments, got 1");
}

static void
test_format(void **state)
{
	(void)state;
	OK("format", "[\"Hello, %s!\", \"Ander\"]", "\"Hello, Ander!\"");
	OK("format", "[\"%d items\", 3]", "\"3 items\"");
	OK("format", "[\"%d\", \"42\"]", "\"42\"");
	OK("format", "[\"%5d|%-5d|%05d|%+d\", 42, 42, -42, 7]",
	    "\"   42|42   |-0042|+7\"");
	OK("format", "[\"%.2f\", 3.14159]", "\"3.14\"");
	OK("format", "[\"%f\", 1]", "\"1.000000\"");
	OK("format", "[\"%8.3f|\", -1.5]", "\"  -1.500|\"");
	OK("format", "[\"%q\", \"a\\\"b\\n\"]", "\"\\\"a\\\\\\\"b\\\\n\\\"\"");
	OK("format", "[\"%t %t\", true, \"false\"]", "\"true false\"");
	OK("format", "[\"%v|%v|%v|%v|%v\", \"s\", 1.5, true, null, [1, {\"a\": \"b\"}]]",
	    "\"s|1.5|true|null|[1,{\\\"a\\\":\\\"b\\\"}]\"");
	OK("format", "[\"100%%\"]", "\"100%\"");
	OK("format", "[\"%-4s|%4s|\", \"\xc3\xa9\", \"ab\"]",
	    "\"\xc3\xa9   |  ab|\"");
	OK("format", "[\"%.2s\", \"\xc3\xa9t\xc3\xa9\"]", "\"\xc3\xa9t\"");
	OK("format", "[\"%x %X %o %#x\", 255, 255, 8, 255]", "\"ff FF 10 0xff\"");
	OK("format", "[\"%e\", 12345.678]", "\"1.234568e+04\"");
	OK("format", "[\"%s\", 0.1]", "\"0.1\"");
	OK("format", "[\"no verbs\"]", "\"no verbs\"");
	OK("format", "[\"%-5s|%05.1f\", \"ab\", 3.14159]", "\"ab   |003.1\"");
	ERR("format", "[\"%d\", 1.5]", 1,
	    "invalid value for 'args' in 'format': %d requires a whole number, got 1.5");
	ERR("format", "[\"%d\", \"x\"]", 1,
	    "invalid value for 'args' in 'format': %d requires a number, got string");
	ERR("format", "[\"%s\", [1]]", 1,
	    "invalid value for 'args' in 'format': %s requires a string, got list");
	ERR("format", "[\"%t\", 1]", 1,
	    "invalid value for 'args' in 'format': %t requires a bool, got number");
	ERR("format", "[\"%s %s\", \"a\"]", 0,
	    "invalid value for 'spec' in 'format': not enough arguments: directive '%s' has no value");
	ERR("format", "[\"%s\", \"a\", \"b\"]", 2,
	    "invalid value for 'args' in 'format': too many arguments: the format uses 1");
	ERR("format", "[\"%y\", 1]", 0,
	    "invalid value for 'spec' in 'format': unsupported verb '%y'");
	ERR("format", "[\"abc %-5\"]", 0,
	    "invalid value for 'spec' in 'format': unfinished directive '%-5' at the end");
}

static void
test_replace(void **state)
{
	(void)state;
	OK("replace", "[\"1 + 2 + 3\", \"+\", \"-\"]", "\"1 - 2 - 3\"");
	OK("replace", "[\"aaa\", \"aa\", \"b\"]", "\"ba\"");
	OK("replace", "[\"abc\", \"\", \"-\"]", "\"-a-b-c-\"");
	OK("replace", "[\"abc\", \"x\", \"y\"]", "\"abc\"");
	OK("replace", "[\"hello world\", \"/w.*d/\", \"there\"]", "\"hello there\"");
	OK("replace", "[\"a1b22c\", \"/[0-9]+/\", \"#\"]", "\"a#b#c\"");
	OK("replace", "[\"john smith\", \"/(\\\\w+) (\\\\w+)/\", \"$2 $1\"]",
	    "\"smith john\"");
	OK("replace", "[\"x\", \"/(a)?x/\", \"[$1]\"]", "\"[]\"");
	OK("replace", "[\"/\", \"/\", \"|\"]", "\"|\"");
	ERR("replace", "[\"a\", \"/(/\", \"b\"]", 1,
	    "invalid value for 'substr' in 'replace': invalid regular expression at offset 1: missing closing parenthesis");
	ERR("replace", "[\"a\", \"b\"]", -1,
	    "function 'replace' takes 3 arguments, got 2");
}

static void
test_trim_substr(void **state)
{
	(void)state;
	OK("trim", "[\"?!hello?!\", \"!?\"]", "\"hello\"");
	OK("trim", "[\"\xc3\xa9" "a\xc3\xa9\", \"\xc3\xa9\"]", "\"a\"");
	OK("trim", "[\"aaa\", \"a\"]", "\"\"");
	OK("trimspace", "[\" \\t\\n hello \\r\\n\"]", "\"hello\"");
	OK("trimspace", "[\"\xc2\xa0x y\xe3\x80\x80\"]", "\"x y\"");
	OK("trimspace", "[\"   \"]", "\"\"");
	OK("substr", "[\"hello world\", 1, 4]", "\"ello\"");
	OK("substr", "[\"\xf0\x9f\x98\x80" "abc\", 0, 2]", "\"\xf0\x9f\x98\x80" "a\"");
	OK("substr", "[\"hello world\", -5, -1]", "\"world\"");
	OK("substr", "[\"hello\", 2, 100]", "\"llo\"");
	OK("substr", "[\"hello\", 9, 1]", "\"\"");
	OK("substr", "[\"hello\", -9, 2]", "\"he\"");
	OK("substr", "[\"hello\", \"1\", \"2\"]", "\"el\"");
	ERR("substr", "[\"hello\", 1.5, 2]", 1,
	    "invalid value for 'offset' in 'substr': whole number required, got 1.5");
	ERR("substr", "[\"hello\", 1, \"x\"]", 2,
	    "invalid value for 'length' in 'substr': number required, got a string that is not a number");
}

static void
test_regex(void **state)
{
	(void)state;
	OK("regex", "[\"[a-z]+\", \"53453453.345345aaabbbccc23454\"]",
	    "\"aaabbbccc\"");
	OK("regex", "[\"(\\\\d\\\\d\\\\d\\\\d)-(\\\\d\\\\d)-(\\\\d\\\\d)\", \"2019-02-01\"]",
	    "[\"2019\",\"02\",\"01\"]");
	OK("regex", "[\"^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?\", "
	    "\"https://terraform.io/docs/\"]",
	    "{\"authority\":\"terraform.io\",\"scheme\":\"https\"}");
	OK("regex", "[\"(a)|(b)\", \"b\"]", "[null,\"b\"]");
	OK("regex", "[\"\xc3\xa9.\", \"x\xc3\xa9\xc3\xa9y\"]", "\"\xc3\xa9\xc3\xa9\"");
	ERR("regex", "[\"[0-9]+\", \"abc\"]", 1,
	    "invalid value for 'str' in 'regex': the pattern does not match");
	ERR("regex", "[\"(?P<a>x)(y)\", \"xy\"]", 0,
	    "invalid value for 'pattern' in 'regex': named and unnamed groups cannot be mixed");
	ERR("regex", "[\"[\", \"x\"]", 0,
	    "invalid value for 'pattern' in 'regex': invalid regular expression at offset 1: missing terminating ] for character class");
	OK("regexall", "[\"[a-z]+\", \"1234abcd5678efgh9\"]", "[\"abcd\",\"efgh\"]");
	OK("regexall", "[\"[a-z]+\", \"123456789\"]", "[]");
	OK("regexall", "[\"(\\\\w)=(\\\\d)\", \"a=1 b=2\"]",
	    "[[\"a\",\"1\"],[\"b\",\"2\"]]");
	OK("regexall", "[\"(?<k>\\\\w)=(?<v>\\\\d)\", \"a=1 b=2\"]",
	    "[{\"k\":\"a\",\"v\":\"1\"},{\"k\":\"b\",\"v\":\"2\"}]");
	OK("regexall", "[\"x*\", \"a\xc3\xa9\"]", "[\"\",\"\",\"\"]");
	OK("length", "[\"a\xc3\xa9\"]", "2");
}

static void
test_str_hex(void **state)
{
	(void)state;
	OK("str", "[\"a\"]", "\"a\"");
	OK("str", "[12]", "\"12\"");
	OK("str", "[0.5]", "\"0.5\"");
	OK("str", "[false]", "\"false\"");
	OK("str", "[null]", "\"null\"");
	OK("str", "[[1, \"a\"]]", "\"[1,\\\"a\\\"]\"");
	OK("str", "[{\"b\": 1, \"a\": []}]", "\"{\\\"a\\\":[],\\\"b\\\":1}\"");
	OK("hex", "[255]", "\"0xff\"");
	OK("hex", "[0]", "\"0x0\"");
	OK("hex", "[-255]", "\"-0xff\"");
	OK("hex", "[\"16\"]", "\"0x10\"");
	OK("hex", "[-9223372036854775808]", "\"-0x8000000000000000\"");
	ERR("hex", "[1.5]", 0,
	    "invalid value for 'num' in 'hex': whole number required, got 1.5");
	ERR("hex", "[true]", 0,
	    "invalid value for 'num' in 'hex': number required, got bool");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FT_TEST(test_case),
		FT_TEST(test_split_join),
		FT_TEST(test_format),
		FT_TEST(test_replace),
		FT_TEST(test_trim_substr),
		FT_TEST(test_regex),
		FT_TEST(test_str_hex),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
