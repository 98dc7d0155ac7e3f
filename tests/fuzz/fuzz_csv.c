/*
 * fuzz_csv: libFuzzer target for the CSV reader (domain/csv.h) and the
 * import of reports built on it (domain/import.h). The input is read three
 * ways: record by record in strict and lax mode with the delimiter the
 * detector picks (fields within their limits, line numbers never going
 * back), decoded (valid UTF-8 out, never more than 3 bytes per byte in),
 * and as a whole import against a small fixed campaign and three
 * municipalities (the result well formed: counts agree with the listed
 * issues, every issue has a message).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/campaign.h"
#include "domain/csv.h"
#include "domain/import.h"
#include "domain/text.h"
#include "util/civil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static json_t *campaign, *units;

static void
init(void)
{
	static const char doc[] =
		"{\"slug\": \"fuzz-2022\", \"title\": \"Акция\", \"period\": {\"start\": \"2022-02-08\", \"end\": "
		"\"2022-03-08\"}, \"time_zone\": \"Asia/Vladivostok\", \"report_due\": \"2022-03-10\", "
		"\"hashtags\": [\"#Хартия\"], \"links\": [], \"forms\": [{\"code\": \"posts\", \"title\": \"Публикации\"}, {\"code\": \"media\", \"title\": "
		"\"СМИ\"}, {\"code\": \"old\", \"title\": \"Старая форма\", \"retired\": true}]}";
	struct campaign_error err;
	json_t *d = json_loads(doc, 0, NULL);

	if (d == NULL || campaign_validate(d, &campaign, &err) < 0)
		__builtin_trap();
	json_decref(d);
	units = json_loads("[{\"code\": \"primorsky\", \"name\": \"Приморский край\", \"kind\": \"region\"},"
			   "{\"code\": \"nakhodka\", \"name\": \"Находкинский городской округ\"},"
			   "{\"code\": \"artem\", \"name\": \"Артёмовский городской округ\"},"
			   "{\"code\": \"khasansky\", \"name\": \"Хасанский муниципальный район\"}]",
			   0, NULL);
	if (units == NULL)
		__builtin_trap();
}

static void
read_records(const char *s, size_t n, char delim, unsigned flags)
{
	struct csv_reader r;
	unsigned line = 0, prev = 0;
	size_t i;

	csv_reader_init(&r, s, n, delim, 16, 256, flags);
	while (csv_reader_next(&r, &line) == CSV_OK) {
		if (line < prev || r.nfields > 16)
			__builtin_trap();
		for (i = 0; i < r.nfields; i++)
			if (r.fields[i].len > 256 || r.fields[i].data[r.fields[i].len] != '\0')
				__builtin_trap();
		prev = line;
	}
	csv_reader_release(&r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct buf out;
	enum csv_encoding enc;
	unsigned bad;
	size_t skip, i, nerr = 0;
	char delim;
	json_t *res = NULL, *is;

	if (campaign == NULL)
		init();
	delim = csv_delimiter_detect(s, size, &skip);
	if (skip > size)
		__builtin_trap();
	read_records(s + skip, size - skip, delim, 0);
	read_records(s + skip, size - skip, delim, CSV_LAX);

	buf_init(&out, 3 * size + 1);
	if (csv_decode(s, size, &out, &enc, &bad) == CSV_DECODE_OK &&
	    (out.len > 3 * size || text_utf8_check(out.data, out.len, 0) < 0))
		__builtin_trap();
	buf_release(&out);

	(void)import_parse(s, size, campaign, units, &res);
	(void)import_check(res, campaign, NULL, civil_days_from_date(2022, 3, 10));
	json_array_foreach(json_object_get(res, "issues"), i, is)
	{
		const char *m = json_string_value(json_object_get(is, "message"));

		if (m == NULL || m[0] == '\0')
			__builtin_trap();
		nerr += strcmp(json_string_value(json_object_get(is, "level")), "error") == 0;
	}
	if (!json_is_true(json_object_get(res, "issues_truncated")) &&
	    (json_int_t)nerr != json_integer_value(json_object_get(res, "errors")))
		__builtin_trap();
	json_decref(res);
	return 0;
}
