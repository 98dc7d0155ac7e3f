/*
 * test_campaign_field: domain/campaign_field.c — the hashtag, slug, code,
 * URL, domain and time zone checks, with the bad inputs, and dates typed in
 * forms.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/campaign.h"

static void
test_value_checks(void **state)
{
	(void)state;
	assert_int_equal(campaign_hashtag_check("#МояХартия"), 0);
	assert_int_equal(campaign_hashtag_check("#цифроваяэтикадетства"), 0);
	assert_int_equal(campaign_hashtag_check("#ХартияПриморье"), 0);
	assert_int_equal(campaign_hashtag_check("#хартия_2022"), 0);
	assert_int_equal(campaign_hashtag_check("#\xd0\xb5\xcc\x88ж"), 0); /* letter + combining mark */
	assert_int_equal(campaign_hashtag_check("#\xcc\x88ж"), -1); /* mark without a letter */
	assert_int_equal(campaign_hashtag_check("#"), -1);
	assert_int_equal(campaign_hashtag_check("МояХартия"), -1);
	assert_int_equal(campaign_hashtag_check("##МояХартия"), -1);
	assert_int_equal(campaign_hashtag_check("#Моя Хартия"), -1);
	assert_int_equal(campaign_hashtag_check("#Моя-Хартия"), -1);
	assert_int_equal(campaign_hashtag_check("#😀"), -1);
	assert_int_equal(campaign_hashtag_check("#\xd0"), -1);

	assert_int_equal(campaign_url_check("https://vk.com/internetforkids_ru"), 0);
	assert_int_equal(campaign_url_check("HTTP://ok.ru/internetforkids.ru"), 0);
	assert_int_equal(campaign_url_check("https://example.com:8443/a?b=c#d"), 0);
	assert_int_equal(campaign_url_check("http://президент.рф/"), 0);
	assert_int_equal(campaign_url_check("https://"), -1);
	assert_int_equal(campaign_url_check("https:///path"), -1);
	assert_int_equal(campaign_url_check("vk.com/internetforkids_ru"), -1);
	assert_int_equal(campaign_url_check("ftp://vk.com/"), -1);
	assert_int_equal(campaign_url_check("javascript:alert(1)"), -1);
	assert_int_equal(campaign_url_check("https://vk.com/a b"), -1);
	assert_int_equal(campaign_url_check("https://vk.com/a\xc2\xa0"), -1);
	assert_int_equal(campaign_url_check("https://user@evil.example/"), -1);
	assert_int_equal(campaign_url_check("https://vk.com:/"), -1);
	assert_int_equal(campaign_url_check("https://vk.com:123456/"), -1);
	assert_int_equal(campaign_url_check("https://vk.com:80a/"), -1);
	assert_int_equal(campaign_url_check("https://-vk.com/"), -1);

	assert_int_equal(campaign_domain_check("vk.com"), 0);
	assert_int_equal(campaign_domain_check("vm.tiktok.com"), 0);
	assert_int_equal(campaign_domain_check("yappy.media"), 0);
	assert_int_equal(campaign_domain_check("vk"), -1);
	assert_int_equal(campaign_domain_check("VK.com"), -1);
	assert_int_equal(campaign_domain_check("vk..com"), -1);
	assert_int_equal(campaign_domain_check("vk.com."), -1);
	assert_int_equal(campaign_domain_check(".vk.com"), -1);
	assert_int_equal(campaign_domain_check("-vk.com"), -1);
	assert_int_equal(campaign_domain_check("vk-.com"), -1);
	assert_int_equal(campaign_domain_check("v_k.com"), -1);

	assert_int_equal(campaign_time_zone_check("Asia/Vladivostok"), 0);
	assert_int_equal(campaign_time_zone_check("America/Argentina/Buenos_Aires"), 0);
	assert_int_equal(campaign_time_zone_check("Etc/GMT-10"), 0);
	assert_int_equal(campaign_time_zone_check("UTC"), 0);
	assert_int_equal(campaign_time_zone_check("Vladivostok"), -1);
	assert_int_equal(campaign_time_zone_check("Asia/"), -1);
	assert_int_equal(campaign_time_zone_check("/Asia/Vladivostok"), -1);
	assert_int_equal(campaign_time_zone_check("Asia//Vladivostok"), -1);
	assert_int_equal(campaign_time_zone_check("../etc/passwd"), -1);
	assert_int_equal(campaign_time_zone_check("Asia/Vladi vostok"), -1);
	assert_int_equal(campaign_time_zone_check(""), -1);

	assert_int_equal(campaign_slug_check("charter-2022"), 0);
	assert_int_equal(campaign_slug_check("2022"), 0);
	assert_int_equal(campaign_slug_check("c"), -1);
	assert_int_equal(campaign_slug_check("Charter"), -1);
	assert_int_equal(campaign_slug_check("-charter"), -1);
	assert_int_equal(campaign_code_check("banners-online"), 0);
	assert_int_equal(campaign_code_check("banners_online"), -1);
	assert_int_equal(campaign_code_check(""), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_value_checks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
